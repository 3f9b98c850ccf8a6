#!/bin/sh
# SPDX-License-Identifier: MIT
# server: tests of `aqrank serve` over real HTTP on a loopback port: every
# endpoint of docs/http-api.md (the audit's equal to the CLI's), every error
# code (400, 401, 404, 405, 413, 422), the bearer token, HEAD, static files
# and path traversal, malformed requests sent raw over a socket (the server
# must keep serving), the access log, and graceful shutdown (SIGTERM and
# SIGINT end with exit 0).
# It builds its own database from etc/beijing.stations.csv and the UCI
# Beijing files of data/ (aqrank init + ingest); a test that needs the data
# fails when they could not be ingested.
# Needs curl and python3 (for JSON checks and raw sockets).
# Ends with "server: N passed, N failed"; exit 1 on failure.
set -u
. "$(dirname "$0")/../lib.sh"
. tests/lib_serve.sh
DATA=${AQ_BEIJING_DATA:-data/beijing_multisite}
# the second server (pid2) of a test below, then the first
pid2=""
at_exit 'if [ -n "$pid2" ]; then kill "$pid2" 2> /dev/null; wait "$pid2" 2> /dev/null; fi'
at_exit stop_pid

for tool in curl python3; do
    command -v "$tool" > /dev/null || { bad "$tool is not installed"; finish; }
done
# the interpreter itself, not a version manager's shim (each shim call costs
# a tenth of a second, and this suite runs python a hundred times)
PY=$(python3 -c 'import sys; print(sys.executable)')
need_aq

# ---- The test database ----

DB="$tmp/test.db"
TOKEN="test-token-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$TOKEN" > "$tmp/token"
if ! "$AQ" init --db "$DB" --stations etc/beijing.stations.csv \
    > "$tmp/init.out" 2>&1; then
    bad "aqrank init: $(head -n 2 "$tmp/init.out")"
    finish
fi
have_data=0
# exit 6 = stored with some rows rejected (the UCI files have gaps)
"$AQ" ingest --quiet --db "$DB" "$DATA"/PRSA_Data_*.csv.gz \
    > "$tmp/ingest.out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 6 ]; then have_data=1; else
    bad "ingest of $DATA exited $rc: $(head -n 3 "$tmp/ingest.out")"
fi
# need_data NAME: true when the database holds the Beijing data; else
# NAME fails.
need_data() {
    [ "$have_data" -eq 1 ] && return 0
    bad "$1 (no data ingested)"
    return 1
}

# ---- Start-up errors (no server left running) ----

"$AQ" serve > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && ok || bad "serve without --db: expected usage exit 2"
"$AQ" serve --db "$tmp/missing.db" --listen 127.0.0.1:0 > /dev/null 2> "$tmp/err"
rc=$?
[ "$rc" -ne 0 ] && ok || bad "serve with a missing database exited 0"
"$AQ" serve --db "$DB" --listen nowhere > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && ok || bad "serve --listen nowhere: expected usage exit 2"
printf 'short\n' > "$tmp/short-token"
"$AQ" serve --db "$DB" --listen 127.0.0.1:0 --token-file "$tmp/short-token" \
    > /dev/null 2> "$tmp/err"
rc=$?
[ "$rc" -ne 0 ] && grep -q 'token' "$tmp/err" && ok ||
    bad "a token of 5 characters was accepted (exit $rc)"

# ---- The server ----

# start_server: starts aqrank serve in the background on a free port;
# sets $pid, $port, $U.
start_server() {
    serve_start "$tmp/serve" "$AQ" --db "$DB" --token-file "$tmp/token" \
        --access-log "$tmp/access.log" || { bad "$serve_why"; finish; }
    pid=$serve_pid
    port=$serve_port
    U="http://127.0.0.1:$port"
}
start_server

# req METHOD PATH [CURL_ARGS...]: sets $code, $tmp/body, $tmp/hdr.
req() {
    m=$1 p=$2
    shift 2
    rm -f "$tmp/body" # curl leaves the file alone when there is no body
    : > "$tmp/body"
    code=$(curl -s --path-as-is -X "$m" -D "$tmp/hdr" -o "$tmp/body" \
        -w '%{http_code}' --max-time 20 "$@" "$U$p")
    [ -n "$code" ] || code=000
}
# get PATH: a GET without a body for HEAD (curl -I for HEAD).
get() { req GET "$@"; }
# header NAME: the value of a response header (case-insensitive).
header() {
    tr -d '\r' < "$tmp/hdr" | awk -v n="$1" 'BEGIN { n = tolower(n) }
        { i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == n)
          { v = substr($0, i + 1); sub(/^ */, "", v); print v } }' | tail -n 1
}
# expect_code NAME WANT: the status of the last request.
expect_code() {
    if [ "$code" = "$2" ]; then ok; else
        bad "$1: HTTP $code, expected $2: $(head -c 200 "$tmp/body")"
    fi
}
# jtest NAME EXPR: EXPR (Python, with d = the JSON body and more from the
# files below) is true. Extra documents: j('file') loads $tmp/file.
jtest() {
    if "$PY" - "$tmp" "$2" << 'EOF' > "$tmp/jtest.out" 2>&1; then ok; else
import json, sys
tmp, expr = sys.argv[1], sys.argv[2]
def j(name):
    with open(tmp + '/' + name, encoding='utf-8') as f:
        return json.load(f)
d = j('body')
sys.exit(0 if eval(expr) else 1)
EOF
        bad "$1: $(tail -n 1 "$tmp/jtest.out") body: $(head -c 300 "$tmp/body")"
    fi
}
# expect_error NAME STATUS CODE: a JSON error of that status and code.
expect_error() {
    expect_code "$1" "$2"
    case $(header Content-Type) in
    application/json*) ok ;;
    *) bad "$1: error is not JSON ($(header Content-Type))" ;;
    esac
    jtest "$1 body" "d['error'] == '$3' and isinstance(d['message'], str) and d['message'] != ''"
}
keep() { cp "$tmp/body" "$tmp/$1"; }

# ---- Health and the jurisdiction (no data needed) ----

get /api/v1/health
expect_code health 200
case $(header Content-Type) in
application/json*) ok ;;
*) bad "health Content-Type: $(header Content-Type)" ;;
esac
# etc/beijing.stations.csv lists 12 stations, each its own unit
jtest health "d['status'] == 'ok' and d['units'] == 12 and d['stations'] == 12 and isinstance(d['schema_version'], int) and d['version']"

get /api/v1/units
expect_code units 200
jtest units "len(d['units']) == 12 and {u['unit_en'] for u in d['units']} >= {'Dongsi', 'Dingling', 'Aotizhongxin'} and all(u['stations'] == 1 for u in d['units'])"
# Dingling (定陵) is the reference station (对照点) of the UCI set
jtest "units reference" "[u['unit'] for u in d['units'] if u['reference_stations']] == ['定陵']"

get /api/v1/stations
expect_code stations 200
jtest stations "len(d['stations']) == 12 and [s['station'] for s in d['stations'] if s['reference']] == ['Dingling'] and all(39 < s['lat'] < 41 and 115 < s['lon'] < 118 for s in d['stations'])"

# ---- Data endpoints ----

if need_data months; then
    get /api/v1/months
    expect_code months 200
    # the UCI files run from 2013-03-01 to 2015-02-28 (data README)
    jtest months "d['first_day'] == '2013-03-01' and d['last_day'] == '2015-02-28' and len(d['months']) == 24 and d['months'][0] == '2013-03' and d['months'][-1] == '2015-02' and d['months'] == sorted(d['months'])"
fi

if need_data "rank month"; then
    get '/api/v1/rank?month=2014-07'
    expect_code "rank month" 200
    keep rank.json
    jtest "rank shape" "d['period'] == '2014-07' and d['kind'] == 'month' and len(d['units']) == 11 and [x['unit'] for x in d['not_evaluated']] == ['定陵'] and d['ranked_units'] == sum(u['rank'] is not None for u in d['units'])"
    # P3: ranked units first, in ascending composite order; ties share the
    # best rank (1, 2, 2, 4); unranked units last with rank null
    jtest "rank order P3" "(lambda r: all(a['composite_index'] <= b['composite_index'] for a, b in zip(r, r[1:])) and all(u['rank'] == 1 + sum(v['composite_index'] < u['composite_index'] for v in r) for u in r) and all(u['rank'] is None for u in d['units'][len(r):]))([u for u in d['units'] if u['rank'] is not None])"
    # composite published with 2 decimals: the JSON number has no more
    jtest "rank 2 decimals" "all(u['composite_index'] is None or round(u['composite_index'], 2) == u['composite_index'] for u in d['units'])"
    # P4: the ladders pay +280 and take -280 (ties share, totals unchanged)
    jtest "rank amounts P4" "abs(sum(u['amount'] or 0 for u in d['units'])) < 1e-9 and sum(u['amount'] for u in d['units'] if (u['amount'] or 0) > 0) == 280"
    # P6 S1: the last-ranked unit(s) get a warning this month
    jtest "rank S1 last" "{s['unit'] for s in d['sanctions'] if s['id'] == 'S1'} == {u['unit'] for u in d['units'] if u['rank'] is not None and u['positions'][1] == d['ranked_units']}"
    # the API document equals the CLI's (the JSON is the contract)
    if "$AQ" rank --db "$DB" --period 2014-07 --format json > "$tmp/cli-rank.json" 2> "$tmp/err"; then
        jtest "rank = CLI json" "d == j('cli-rank.json')"
    else
        bad "aqrank rank --format json failed: $(head -n 2 "$tmp/err")"
    fi
    get '/api/v1/rank?period=2014-07'
    jtest "rank period= same as month=" "d == j('rank.json')"
    get '/api/v1/rank?period=2014-Q3'
    expect_code "rank quarter" 200
    jtest "rank quarter" "d['period'] == '2014-Q3' and d['kind'] == 'quarter' and len(d['units']) == 11"
    get '/api/v1/rank?month=2014-12'
    jtest "rank quarter end has quarter" "d['quarter']['period'] == '2014-Q4'"
    get '/api/v1/rank?period=2014'
    expect_code "rank year" 200
    jtest "rank year" "d['period'] == '2014' and d['kind'] == 'year'"
    get '/api/v1/rank?month=1999-01'
    expect_error "rank outside the data" 404 AQ_ENOTFOUND
    # issue 20: the road-cleanliness ranking, the CLI's document; a month
    # without inspections is a document, not an error
    get '/api/v1/rank?month=2014-07&indicator=roads'
    expect_code "rank roads" 200
    if "$AQ" rank --db "$DB" --indicator roads --month 2014-07 --format json \
        > "$tmp/cli-roads.json" 2> "$tmp/err"; then
        jtest "rank roads = CLI json" "d == j('cli-roads.json') and d['indicator'] == 'roads' and d['inspections'] == 0 and len(d['units']) == 12"
    else
        bad "aqrank rank --indicator roads failed: $(head -n 2 "$tmp/err")"
    fi
    get '/api/v1/rank?month=2014-07&indicator=air'
    jtest "rank indicator=air is the air ranking" "d == j('rank.json')"
    get '/api/v1/rank?month=2014-07&indicator=water'
    expect_error "rank unknown indicator" 400 bad_request
    get '/api/v1/rank?period=2014-Q3&indicator=roads'
    expect_error "rank roads of a quarter" 400 bad_request
fi

# history of 东四 (percent-encoded UTF-8)
DONGSI=%E4%B8%9C%E5%9B%9B
if need_data history; then
    get "/api/v1/history?unit=$DONGSI"
    expect_code history 200
    jtest history "d['unit'] == '东四' and d['unit_en'] == 'Dongsi' and len(d['months']) == 24 and [m['period'] for m in d['months']] == sorted(m['period'] for m in d['months'])"
    # the history agrees with the month's ranking and its year-on-year
    jtest "history = rank" "(lambda m, u: m['composite_index'] == u['composite_index'] and m['pm25'] == u['pm25'] and m['rank'] == u['rank'] and m['amount'] == u['amount'] and m['previous_year']['composite_index'] == u['yoy']['previous_composite_index'] and m['previous_year']['pm25'] == u['yoy']['previous_pm25'])([m for m in d['months'] if m['period'] == '2014-07'][0], [u for u in j('rank.json')['units'] if u['unit'] == '东四'][0])"
    # previous_year of 2014-MM is the value of 2013-MM in the same series
    jtest "history previous year" "(lambda by: all(m['previous_year']['pm25'] == by[str(int(m['period'][:4]) - 1) + m['period'][4:]]['pm25'] for m in d['months'] if str(int(m['period'][:4]) - 1) + m['period'][4:] in by))({m['period']: m for m in d['months']})"
    keep history.json
    get '/api/v1/history?unit=Nowhere'
    expect_error "history unknown unit" 404 AQ_ENOTFOUND
fi
get '/api/v1/history'
expect_error "history without unit" 400 bad_request
get '/api/v1/history?unit='
expect_error "history empty unit" 400 bad_request

if need_data sanctions; then
    get /api/v1/sanctions
    expect_code sanctions 200
    keep sanctions.json
    jtest sanctions "len(d['sanctions']) > 0 and all(s['id'] in ('S1','S2','S3','S4','S5','S6') and s['evidence'] and s['name_zh'] and s['name_en'] for s in d['sanctions'])"
    # P6: at most one sanction per unit, month and id
    jtest "sanctions unique" "len({(s['unit'], s['period'], s['id']) for s in d['sanctions']}) == len(d['sanctions'])"
    # S6 only at quarter ends (Mar, Jun, Sep, Dec)
    jtest "sanctions S6 quarter ends" "all(s['period'][5:] in ('03','06','09','12') for s in d['sanctions'] if s['id'] == 'S6')"
    get '/api/v1/sanctions?period=2014-07'
    jtest "sanctions period = rank" "sorted(map(json.dumps, d['sanctions'])) == sorted(map(json.dumps, j('rank.json')['sanctions']))"
    get "/api/v1/sanctions?unit=$DONGSI"
    jtest "sanctions unit" "d['sanctions'] == [s for s in j('sanctions.json')['sanctions'] if s['unit'] == '东四']"
    get '/api/v1/sanctions?id=S1'
    jtest "sanctions id" "d['sanctions'] == [s for s in j('sanctions.json')['sanctions'] if s['id'] == 'S1'] and d['sanctions']"
fi
get '/api/v1/sanctions?id=S9'
expect_error "sanctions id S9" 400 bad_request
get '/api/v1/sanctions?period=garbage'
expect_error "sanctions bad period" 400 bad_request

if need_data "funds"; then
    get /api/v1/funds
    expect_code funds 200
    keep funds.json
    jtest "funds shape" "d['currency_unit'] == '万元' and len(d['units']) == 12 and d['spending'] == []"
    # P8: credited = the rewards of the unit's months, deducted = its
    # penalties, balance = credited - spent (history has the amounts)
    jtest "funds = history" "(lambda u, h: u['credited'] == sum(m['amount'] for m in h if (m['amount'] or 0) > 0) and u['deducted'] == -sum(m['amount'] for m in h if (m['amount'] or 0) < 0))([u for u in d['units'] if u['unit'] == '东四'][0], j('history.json')['months'])"
    jtest "funds balance" "all(abs(u['balance'] - (u['credited'] - sum(u['spent'].values()))) < 1e-9 for u in d['units'])"
fi

# ---- POST /api/v1/funds: the token (401) and the policy (422) ----

SPEND='{"unit":"东四","category":"air_pollution_control_project","amount":30,"date":"2014-08-01","description":"desulfurisation test"}'
req POST /api/v1/funds -H 'Content-Type: application/json' --data-binary "$SPEND"
expect_error "funds POST without token" 401 unauthorized
[ -n "$(header WWW-Authenticate)" ] && ok || bad "401 without WWW-Authenticate"
req POST /api/v1/funds -H "Authorization: Bearer wrong-$TOKEN" --data-binary "$SPEND"
expect_error "funds POST wrong token" 401 unauthorized
req POST /api/v1/funds -H "Authorization: Bearer ${TOKEN}x" --data-binary "$SPEND"
expect_error "funds POST token with a suffix" 401 unauthorized
req POST /api/v1/funds -H "Authorization: Basic $TOKEN" --data-binary "$SPEND"
expect_error "funds POST Basic auth" 401 unauthorized
req POST /api/v1/funds -H "Authorization: Bearer" --data-binary "$SPEND"
expect_error "funds POST empty bearer" 401 unauthorized
AUTH="Authorization: Bearer $TOKEN"
if need_data "funds POST"; then
    req POST /api/v1/funds -H "$AUTH" -H 'Content-Type: application/json' --data-binary "$SPEND"
    expect_code "funds POST" 201
    jtest "funds POST record" "d['unit'] == '东四' and d['category'] == 'air_pollution_control_project' and float(d['amount']) == 30 and d['date'] == '2014-08-01'"
    get /api/v1/funds
    jtest "funds after POST" "(lambda a, b: b['spent']['air_pollution_control_project'] == a['spent']['air_pollution_control_project'] + 30 and b['balance'] == a['balance'] - 30)([u for u in j('funds.json')['units'] if u['unit'] == '东四'][0], [u for u in d['units'] if u['unit'] == '东四'][0]) and [s['amount'] for s in d['spending']] == [30]"
    # P8: only two categories; never more than the balance
    req POST /api/v1/funds -H "$AUTH" --data-binary '{"unit":"东四","category":"banquet","amount":1,"date":"2014-08-02","description":"x"}'
    expect_error "funds POST category P8" 422 AQ_EPOLICY
    req POST /api/v1/funds -H "$AUTH" --data-binary '{"unit":"东四","category":"supervision_capacity","amount":100000,"date":"2014-08-02","description":"x"}'
    expect_error "funds POST over balance P8" 422 AQ_EPOLICY
    get /api/v1/funds
    jtest "funds refusals not spent" "[s['amount'] for s in d['spending']] == [30] and d['refused'] == 2"
    req POST /api/v1/funds -H "$AUTH" --data-binary '{"unit": '
    expect_error "funds POST malformed JSON" 400 AQ_EPARSE
    # P8 audit (issue 18): amounts are JSON numbers; dates within the
    # fund's history (not before the first credit, not after today)
    req POST /api/v1/funds -H "$AUTH" --data-binary '{"unit":"东四","category":"supervision_capacity","amount":"20","date":"2014-08-02","description":"x"}'
    expect_error "funds POST amount as a string" 400 AQ_EPARSE
    for day in 1900-01-01 2013-03-15 2099-01-01; do
        req POST /api/v1/funds -H "$AUTH" --data-binary "{\"unit\":\"东四\",\"category\":\"supervision_capacity\",\"amount\":1,\"date\":\"$day\",\"description\":\"x\"}"
        expect_error "funds POST dated $day" 422 AQ_EPOLICY
    done
    # by the English name: the reply names the unit as stored
    req POST /api/v1/funds -H "$AUTH" --data-binary '{"unit":"Dongsi","category":"supervision_capacity","amount":2.5,"date":"2014-08-03","description":"sensor"}'
    expect_code "funds POST by English name" 201
    jtest "funds POST reply in stored names" "d['unit'] == '东四' and d['unit_en'] == 'Dongsi' and d['amount'] == 2.5"
    get /api/v1/funds
    jtest "funds refusals listed" "d['refused'] == len(d['refusals']) == 5 and all(r['reason'].startswith('P8') for r in d['refusals']) and {r['date'] for r in d['refusals']} >= {'1900-01-01', '2099-01-01'}"
    jtest "funds as of today" "len(d['as_of']) == 10 and d['as_of'] > '2026-01-01'"
    # as of a day: the credits by then (a month's amounts come on the first
    # of the next month) and the spending dated up to it
    get '/api/v1/funds?as_of=2014-08-02'
    jtest "funds as of 2014-08-02" "d['as_of'] == '2014-08-02' and [s['amount'] for s in d['spending']] == [30] and (lambda u: u['credited'] == sum(m['amount'] for m in j('history.json')['months'] if (m['amount'] or 0) > 0 and m['period'] <= '2014-07'))([u for u in d['units'] if u['unit'] == '东四'][0])"
    get '/api/v1/funds?as_of=2014-02-30'
    expect_error "funds as of a day that is not" 400 AQ_EINVALID
fi
# 413: a body over 64 KiB, with and without the token
"$PY" -c "import sys; sys.stdout.write('{\"d\":\"' + 'x' * 70000 + '\"}')" > "$tmp/big.json"
req POST /api/v1/funds -H "$AUTH" --data-binary "@$tmp/big.json"
expect_error "funds POST 70 kB body" 413 payload_too_large
req POST /api/v1/funds --data-binary "@$tmp/big.json"
expect_error "funds POST 70 kB body, no token" 413 payload_too_large

# ---- Bulletin and explanation ----

if need_data bulletin; then
    for f in md:text/markdown html:text/html json:application/json csv:text/csv; do
        get "/api/v1/bulletin?month=2014-07&format=${f%%:*}"
        expect_code "bulletin ${f%%:*}" 200
        case $(header Content-Type) in
        "${f#*:}"*) ok ;;
        *) bad "bulletin ${f%%:*} Content-Type $(header Content-Type)" ;;
        esac
    done
    get '/api/v1/bulletin?month=2014-07&format=json'
    jtest "bulletin json = rank" "d == j('rank.json')"
    get '/api/v1/bulletin?month=2014-07&format=md&lang=en'
    grep -q 'Dongsi' "$tmp/body" && ok || bad "English bulletin lacks unit_en Dongsi"
    get '/api/v1/bulletin?month=2014-07&format=md'
    grep -q '东四' "$tmp/body" && ok || bad "Chinese bulletin lacks 东四"
    get "/api/v1/explain?unit=$DONGSI&month=2014-07"
    expect_code explain 200
    jtest explain "d['unit'] == '东四' and d['period'] == '2014-07' and len([x for x in d['station_days'] if x['station'] == 'Dongsi']) == 31"
    get "/api/v1/explain?unit=Nowhere&month=2014-07"
    expect_error "explain unknown unit" 404 AQ_ENOTFOUND
fi
# ---- The data-integrity audit (issue 17) ----

if need_data audit; then
    get '/api/v1/audit?month=2014-01'
    expect_code audit 200
    keep audit.json
    jtest "audit shape" "d['month'] == '2014-01' and d['since'] is None and d['unit'] is None and len(d['stations']) == 12 and len(d['flags']) > 0 and all(f['kind_zh'] and f['text_en'] for f in d['flags'])"
    # the API document equals the CLI's
    "$AQ" audit --db "$DB" --month 2014-01 --format json > "$tmp/cli-audit.json" 2> "$tmp/err" &&
        jtest "audit = CLI json" "d == j('cli-audit.json')" ||
        bad "aqrank audit --format json failed: $(head -n 2 "$tmp/err")"
    get "/api/v1/audit?month=2014-01&unit=$DONGSI&since=2014-01-20"
    expect_code "audit unit since" 200
    "$AQ" audit --db "$DB" --month 2014-01 --unit 东四 --since 2014-01-20 \
        --format json > "$tmp/cli-audit-unit.json" 2> "$tmp/err" &&
        jtest "audit unit since = CLI json" "d == j('cli-audit-unit.json') and d['unit'] == '东四' and d['since'] == '2014-01-20' and d['flags'] and all(f['unit'] == '东四' and f['to'] >= '2014-01-20T01' for f in d['flags'])" ||
        bad "aqrank audit --unit --since failed: $(head -n 2 "$tmp/err")"
    get '/api/v1/audit?month=2014-01&unit=Dongsi'
    jtest "audit by English name" "d['unit'] == '东四' and [s['station'] for s in d['stations']] == ['Dongsi']"
    get '/api/v1/audit?month=2014-07'
    jtest "audit of a month without flags" "d['flags'] == [] and all(u['flagged_hours'] == 0 for u in d['units'])"
    # the bulletin's data-quality notes come from the same audit: every
    # unit it lists is one with flagged hours, with the same numbers
    get '/api/v1/bulletin?month=2014-01&format=json'
    keep bulletin-2014-01.json
    jtest "bulletin notes = audit" "(lambda q, a: q['flags'] == len(a['flags']) and sum(q['flags_by_kind'].values()) == q['flags'] and [u['unit'] for u in q['units']] == [u['unit'] for u in d['units'] if u['unit'] in {x['unit'] for x in a['units'] if x['flagged_hours'] > 0}] and all({k: v for k, v in u.items() if k not in ('flags', 'text_zh', 'text_en')} == [x for x in a['units'] if x['unit'] == u['unit']][0] for u in q['units']))(d['data_quality'], j('audit.json'))"
    "$AQ" report --db "$DB" --month 2014-01 --format json > "$tmp/cli-bulletin.json" 2> "$tmp/err" &&
        jtest "bulletin json = CLI report json" "d == j('cli-bulletin.json')" ||
        bad "aqrank report --format json failed: $(head -n 2 "$tmp/err")"
    get '/api/v1/audit?month=1999-01'
    expect_error "audit outside the data" 404 AQ_ENOTFOUND
    get '/api/v1/audit?month=2014-01&unit=Nowhere'
    expect_error "audit unknown unit" 404 AQ_ENOTFOUND
    get '/api/v1/audit?month=2014-01&since=2014-02-01'
    expect_error "audit since outside the month" 400 AQ_EINVALID
fi
get '/api/v1/audit'
expect_error "audit without month" 400 bad_request
for q in 'month=2014-Q1' 'period=2014' 'month=2014-13' 'month=2014-01&since=2014-01-32' \
    'month=2014-01&since=yesterday' 'month=2014-01&since=2014-1-5'; do
    get "/api/v1/audit?$q"
    expect_error "audit ?$q" 400 bad_request
done

get '/api/v1/bulletin?month=2014-07&format=pdf'
expect_error "bulletin format pdf" 400 bad_request
get '/api/v1/bulletin?month=2014-07&format=md&lang=fr'
expect_error "bulletin lang fr" 400 bad_request
get '/api/v1/bulletin?format=md'
expect_error "bulletin without month" 400 bad_request
get "/api/v1/explain?unit=$DONGSI"
expect_error "explain without month" 400 bad_request
get "/api/v1/explain?month=2014-07"
expect_error "explain without unit" 400 bad_request

# ---- Every day (issue 16): spans, targets, the planner, the brief ----

printf 'unit,year,pm25,good_days_ratio,heavy_days\n东四,2014,85,45,40\nTiantan,2014,80,50.5,\n' > "$tmp/targets.csv"
if need_data "daily documents"; then
    get '/api/v1/rank?from=2014-12-01&to=2014-12-15'
    expect_code "rank from/to" 200
    "$AQ" rank --db "$DB" --from 2014-12-01 --to 2014-12-15 --format json \
        > "$tmp/span.json"
    jtest "rank from/to = rank --from --to --format json" "d == j('span.json') and d['provisional'] and d['days'] == 15"
    get '/api/v1/rank?from=2014-12-01&to=2014-12-15&by=good_days'
    jtest "rank by good days" "d['rank_by'] == 'good_days'"
    get '/api/v1/plan?month=2014-12&date=2014-12-21&unit=Dongsi'
    "$AQ" plan --db "$DB" --month 2014-12 --date 2014-12-21 --unit Dongsi \
        --format json > "$tmp/plan.json"
    jtest "plan = aqrank plan --format json" "d == j('plan.json') and len(d['units']) == 1"
    get '/api/v1/brief?date=2014-12-21'
    "$AQ" report --db "$DB" --date 2014-12-21 --format json > "$tmp/brief.json"
    jtest "brief = report --date --format json" "d == j('brief.json') and d['targets'] is None"
    get '/api/v1/brief?date=2014-12-21&format=html&lang=en'
    expect_code "brief html" 200
    grep -q 'Month to date' "$tmp/body" && ok || bad "English brief lacks its heading"
    get '/api/v1/track?date=2014-12-21'
    expect_error "track without --targets" 404 AQ_ENOTFOUND
    get '/api/v1/rank?from=2015-02-01&to=2015-03-01'
    expect_error "span past the data" 404 AQ_ENOTFOUND
fi
for q in 'from=2014-12-01' 'from=2014-12-10&to=2014-12-01' \
    'from=2014-01-01&to=2015-02-01' 'from=2014-12-01&to=2014-12-xx' \
    'from=2014-12-01&to=2014-12-10&by=so2'; do
    get "/api/v1/rank?$q"
    expect_error "rank $q" 400 bad_request
done
get '/api/v1/plan?month=2014-12&date=2014-11-30'
expect_error "plan with a date outside the month" 400 AQ_EINVALID
get '/api/v1/plan?period=2014-Q4'
expect_error "plan of a quarter" 400 bad_request
get '/api/v1/brief?date=2014-12-21&format=pdf'
expect_error "brief format pdf" 400 bad_request

# a server with a targets file: /api/v1/track and the brief's targets
serve_start "$tmp/serve3" "$AQ" --db "$DB" --access-log none \
    --targets "$tmp/targets.csv" || bad "targets server: $serve_why"
pid2=$serve_pid
U3="http://127.0.0.1:$serve_port"
if need_data "track and brief with targets"; then
    curl -s -o "$tmp/body" "$U3/api/v1/track?date=2014-12-21"
    "$AQ" track --db "$DB" --targets "$tmp/targets.csv" --date 2014-12-21 \
        --format json > "$tmp/track.json"
    jtest "track = aqrank track --format json" "d == j('track.json') and [u['pm25_target'] for u in d['units'] if u['unit'] == '东四'] == [85]"
    curl -s -o "$tmp/body" "$U3/api/v1/brief?date=2014-12-21"
    jtest "brief with targets" "d['targets'] == j('track.json')"
fi
serve_stop "$pid2"
pid2=""
# a targets file that does not parse: no server, exit 3 naming the line
printf 'unit,year,pm25\n' > "$tmp/bad-targets.csv"
"$AQ" serve --db "$DB" --listen 127.0.0.1:0 --targets "$tmp/bad-targets.csv" \
    > /dev/null 2> "$tmp/err"
[ $? -eq 3 ] && grep -q 'bad-targets.csv:1:' "$tmp/err" && ok ||
    bad "serve --targets with a bad header: $(cat "$tmp/err")"

# ---- Malformed query values (400) ----

for q in 'month=2014-13' 'month=2014-00' 'month=14-07' 'month=2014-7' \
    'month=2014-07x' 'month=2014-Q3' 'month=' 'period=2014-Q5' \
    'period=20145' 'month=%00' "month=2014-07%27%3B%20DROP%20TABLE%20x" ''; do
    get "/api/v1/rank?$q"
    expect_error "rank ?$q" 400 bad_request
done

# ---- Unknown paths (404) and wrong methods (405 with Allow) ----

for p in /api/v1/nope /api/v2/health /api/v1/health/ /api/v1/ /nope /index.htm; do
    get "$p"
    expect_error "GET $p" 404 not_found
done
for m in DELETE PUT PATCH; do
    req "$m" /api/v1/health
    expect_error "$m health" 405 method_not_allowed
    [ "$(header Allow)" = "GET" ] && ok || bad "$m health: Allow '$(header Allow)'"
done
req POST /api/v1/rank --data-binary 'x'
expect_error "POST rank" 405 method_not_allowed
req DELETE /api/v1/funds
expect_error "DELETE funds" 405 method_not_allowed
case $(header Allow) in
*GET*POST* | *POST*GET*) ok ;;
*) bad "DELETE funds: Allow '$(header Allow)'" ;;
esac
req POST /index.html --data-binary 'x'
expect_error "POST /index.html" 405 method_not_allowed

# ---- HEAD: the GET's status and headers, Content-Length included, no body ----

for p in /api/v1/health "/api/v1/rank?month=2014-07" / /app.js "/api/v1/nope"; do
    get "$p"
    keep head-get.body
    tr -d '\r' < "$tmp/hdr" | grep -viE '^(date|connection|keep-alive):' | sort > "$tmp/get.hdr"
    getcode=$code
    code=$(curl -s -I -o /dev/null -D "$tmp/hdr" -w '%{http_code}' "$U$p")
    tr -d '\r' < "$tmp/hdr" | grep -viE '^(date|connection|keep-alive):' | sort > "$tmp/head.hdr"
    [ "$code" = "$getcode" ] && ok || bad "HEAD $p: HTTP $code, GET $getcode"
    if cmp -s "$tmp/get.hdr" "$tmp/head.hdr"; then ok; else
        bad "HEAD $p headers differ from GET's: $(diff "$tmp/get.hdr" "$tmp/head.hdr" | head -n 4 | tr '\n' ' ')"
    fi
    [ "$(header Content-Length)" = "$(wc -c < "$tmp/head-get.body" | tr -d ' ')" ] && ok ||
        bad "HEAD $p: Content-Length $(header Content-Length), GET body $(wc -c < "$tmp/head-get.body")"
done
# HEAD carries no body (read raw: curl would not read one)
"$PY" - "$port" << 'EOF' > "$tmp/head.out" 2>&1 && ok || bad "HEAD returned a body: $(cat "$tmp/head.out")"
import socket, sys
port = int(sys.argv[1])
s = socket.create_connection(('127.0.0.1', port), timeout=5)
s.sendall(b'HEAD /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n' % port)
data = b''
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, _, body = data.partition(b'\r\n\r\n')
print(head.split(b'\r\n')[0], len(body))
sys.exit(0 if head.startswith(b'HTTP/1.1 200') and body == b'' else 1)
EOF

# ---- Static files and path traversal ----

get /
expect_code "GET /" 200
case $(header Content-Type) in
text/html*) ok ;;
*) bad "GET / Content-Type $(header Content-Type)" ;;
esac
grep -q 'id="rank-table"' "$tmp/body" && ok || bad "GET / is not the dashboard"
cmp -s "$tmp/body" web/index.html && ok || bad "GET / differs from web/index.html"
get /index.html
cmp -s "$tmp/body" web/index.html && ok || bad "GET /index.html differs"
get /app.js
expect_code "GET /app.js" 200
cmp -s "$tmp/body" web/app.js && ok || bad "GET /app.js differs from web/app.js"
get /style.css
cmp -s "$tmp/body" web/style.css && ok || bad "GET /style.css differs"
[ "$(header X-Content-Type-Options)" = nosniff ] && ok || bad "no X-Content-Type-Options: nosniff"
get /vendor/echarts.min.js
if [ -f node_modules/echarts/dist/echarts.min.js ]; then
    expect_code "GET echarts" 200
    cmp -s "$tmp/body" node_modules/echarts/dist/echarts.min.js && ok ||
        bad "echarts.min.js differs from node_modules"
else
    expect_error "GET echarts (not installed)" 404 not_found
fi
# nothing outside the whitelist: a 404 (or 400) and never a file's content
for p in '/../etc/passwd' '/../../../../etc/passwd' '/%2e%2e/etc/passwd' \
    '/%2e%2e%2fetc%2fpasswd' '/..%2f..%2fetc%2fpasswd' '/web/../Makefile' \
    '/web/index.html' '/web/app.js' '/Makefile' '/./Makefile' \
    '/vendor/../Makefile' '/vendor/echarts/package.json' \
    '/node_modules/echarts/package.json' '/app.js/../Makefile' \
    '/%2fetc%2fpasswd' '//etc/passwd' \
    '/api/v1/../../Makefile' '/.git/config' '/vendor/echarts.min.js/'; do
    get "$p"
    case "$code" in
    400 | 404) ok ;;
    *) bad "traversal $p: HTTP $code" ;;
    esac
    if grep -qE '^root:|^CC +\?=|\[core\]|"name": "echarts"' "$tmp/body"; then
        bad "traversal $p served a file"
    fi
done

# a NUL in the path: libmicrohttpd decodes %00 and the C string ends there,
# so this may answer /index.html; it must never be anything else
get '/index.html%00/../../Makefile'
case "$code" in
400 | 404) ok ;;
200) cmp -s "$tmp/body" web/index.html && ok || bad "%00 path served something other than index.html" ;;
*) bad "%00 path: HTTP $code" ;;
esac

# ---- Malformed, oversized and excessive requests over a raw socket: each
# the documented status with a JSON error body, promptly (raw_http.py);
# the server keeps serving ----

cat > "$tmp/raw.cases" << 'EOF'
garbage request line|400|bad_request|b'GARBAGE\r\n\r\n'
binary junk|400|bad_request|bytes(range(256)) * 8 + b'\r\n\r\n'
no HTTP version|400|bad_request|b'GET /api/v1/health\r\n' + H + b'\r\n'
HTTP/9.9|505|http_version_not_supported|b'GET /api/v1/health HTTP/9.9\r\n' + H + b'\r\n'
HTTP/2.0|505|http_version_not_supported|b'GET /api/v1/health HTTP/2.0\r\n' + H + b'\r\n'
oversize header (200 kB)|431|header_fields_too_large|b'GET /api/v1/health HTTP/1.1\r\n' + H + b'X-Big: ' + b'a' * 200000 + b'\r\n\r\n'
many headers|431|header_fields_too_large|b'GET /api/v1/health HTTP/1.1\r\n' + H + b''.join(b'X-H%d: v\r\n' % i for i in range(20000)) + b'\r\n'
oversize URL (300 kB)|414|uri_too_long|b'GET /api/v1/health?' + b'a' * 300000 + b' HTTP/1.1\r\n' + H + b'\r\n'
URL of 9 kB|414|uri_too_long|b'GET /api/v1/health?a=' + b'a' * 9000 + b' HTTP/1.1\r\n' + H + b'\r\n'
header without colon|400|bad_request|b'GET /api/v1/health HTTP/1.1\r\n' + H + b'NoColonHere\r\n\r\n'
space before colon|400|bad_request|b'GET /api/v1/health HTTP/1.1\r\n' + H + b'X-A : b\r\n\r\n'
folded header line|400|bad_request|b'GET /api/v1/health HTTP/1.1\r\n' + H + b'X-A: b\r\n c\r\n\r\n'
HTTP/1.1 without Host|400|bad_request|b'GET /api/v1/health HTTP/1.1\r\n\r\n'
two Host fields|400|bad_request|b'GET /api/v1/health HTTP/1.1\r\n' + H + H + b'\r\n'
bad content-length|400|bad_request|b'POST /api/v1/funds HTTP/1.1\r\n' + H + b'Content-Length: -5\r\n\r\n'
two content-lengths|400|bad_request|b'POST /api/v1/funds HTTP/1.1\r\n' + H + b'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}'
declared 1 GB body|413|payload_too_large|b'POST /api/v1/funds HTTP/1.1\r\n' + H + b'Content-Length: 1000000000\r\n\r\n' + b'x' * 100000
2,000 query parameters|400|bad_request|b'GET /api/v1/health?' + b'&'.join(b'a' for i in range(2000)) + b' HTTP/1.1\r\n' + H + b'\r\n'
33 query parameters|400|bad_request|b'GET /api/v1/health?' + b'&'.join(b'a%d=1' % i for i in range(33)) + b' HTTP/1.1\r\n' + H + b'\r\n'
wrong Host|421|misdirected_request|b'GET /api/v1/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'
wrong Host, right port|421|misdirected_request|b'GET /api/v1/health HTTP/1.1\r\nHost: attacker.test:' + H.split(b':')[2].strip() + b'\r\nConnection: close\r\n\r\n'
invalid UTF-8 parameter|400|bad_request|b'GET /api/v1/history?unit=%ff%fe HTTP/1.1\r\n' + H + b'Connection: close\r\n\r\n'
overlong UTF-8 parameter|400|bad_request|b'GET /api/v1/history?unit=%c0%af HTTP/1.1\r\n' + H + b'Connection: close\r\n\r\n'
EOF
"$PY" tests/server/raw_http.py "$port" "$tmp/raw.cases" > "$tmp/raw.out" 2>&1
while IFS= read -r line; do
    case "$line" in
    "ok "*) ok ;;
    *) bad "raw: $line" ;;
    esac
done < "$tmp/raw.out"
[ "$(grep -c '^ok ' "$tmp/raw.out")" -eq "$(grep -c '|' "$tmp/raw.cases")" ] && ok ||
    bad "raw cases: $(grep -c '^ok ' "$tmp/raw.out") of $(grep -c '|' "$tmp/raw.cases") answered"
# the later request of a kept-alive connection, which libmicrohttpd reads
# itself: 2,000 parameters still answer 400 at once
"$PY" - "$port" << 'EOF' > "$tmp/keep.out" 2>&1 && ok || bad "2,000 parameters on a kept-alive connection: $(cat "$tmp/keep.out")"
import socket, sys, time
sys.path.insert(0, 'tests/server')
from raw_http import read_reply, parse, check_error
port = int(sys.argv[1])
H = b'Host: 127.0.0.1:%d\r\n' % port
s = socket.create_connection(('127.0.0.1', port), timeout=10)
s.sendall(b'GET /api/v1/health HTTP/1.1\r\n' + H + b'\r\n')
first = read_reply(s)
t = time.time()
s.sendall(b'GET /api/v1/health?' + b'&'.join(b'a%d=1' % i for i in range(2000)) + b' HTTP/1.1\r\n' + H + b'Connection: close\r\n\r\n')
why = check_error(read_reply(s), 400, 'bad_request')
print(parse(first)[0], why, round(time.time() - t, 2))
sys.exit(0 if parse(first)[0] == 200 and not why and time.time() - t < 2 else 1)
EOF
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$U/api/v1/health")
expect_code "health after the raw requests" 200
# an error body never carries the invalid bytes it was sent
get '/api/v1/explain?unit=%ff%fe&month=2014-07'
expect_error "explain with invalid UTF-8" 400 bad_request
if "$PY" -c "import sys; open(sys.argv[1], 'rb').read().decode('utf-8')" "$tmp/body" 2> /dev/null; then ok; else
    bad "an error body is not valid UTF-8"
fi

# ---- Host: the names the server answers as ----

get /api/v1/health -H "Host: localhost:$port"
expect_code "Host localhost" 200
get /api/v1/health -H "Host: 127.0.0.1"
expect_code "Host 127.0.0.1 without port" 200
get /api/v1/health -H "Host: LOCALHOST"
expect_code "Host in capitals" 200
get / -H "Host: rebinding.example:$port"
expect_error "page under a foreign name" 421 misdirected_request

# ---- Headers every reply carries ----

for p in / /app.js /api/v1/health /api/v1/nope "/api/v1/bulletin?month=2014-07"; do
    get "$p"
    for h in Content-Security-Policy X-Frame-Options Referrer-Policy X-Content-Type-Options; do
        [ -n "$(header "$h")" ] && ok || bad "$p: no $h header"
    done
    case "$(header Content-Security-Policy)" in
    *"frame-ancestors 'none'"*) ok ;;
    *) bad "$p: CSP without frame-ancestors: $(header Content-Security-Policy)" ;;
    esac
done
get /
[ "$(header X-Frame-Options)" = DENY ] && ok || bad "X-Frame-Options $(header X-Frame-Options)"
[ "$(header Referrer-Policy)" = no-referrer ] && ok || bad "Referrer-Policy $(header Referrer-Policy)"
case "$(header Content-Security-Policy)" in
*"script-src 'self';"*) ok ;;
*) bad "the page's CSP allows more than its own scripts" ;;
esac

# ---- Validators, caching and compression ----

for p in / /app.js /style.css /vendor/echarts.min.js "/api/v1/rank?month=2014-07" /api/v1/funds \
    "/api/v1/audit?month=2014-01"; do
    get "$p"
    etag=$(header ETag)
    [ -n "$etag" ] && ok || bad "$p: no ETag"
    get "$p" -H "If-None-Match: $etag"
    expect_code "$p revalidated" 304
    [ ! -s "$tmp/body" ] && ok || bad "$p: 304 with a body"
    [ "$(header ETag)" = "$etag" ] && ok || bad "$p: 304 without its ETag"
    get "$p" -H 'If-None-Match: "other"'
    expect_code "$p with a stale ETag" 200
done
get /app.js
lm=$(header Last-Modified)
[ -n "$lm" ] && ok || bad "static file without Last-Modified"
get /app.js -H "If-Modified-Since: $lm"
expect_code "app.js If-Modified-Since" 304
# compressed for a client that takes gzip, the same bytes once unpacked
for p in /vendor/echarts.min.js /app.js /api/v1/sanctions; do
    code=$(curl -s -H 'Accept-Encoding: gzip' -D "$tmp/hdr" -o "$tmp/body.gz" -w '%{http_code}' "$U$p")
    expect_code "$p gzip" 200
    [ "$(header Content-Encoding)" = gzip ] && ok || bad "$p: not compressed"
    [ "$(header Vary)" = Accept-Encoding ] && ok || bad "$p: no Vary: Accept-Encoding"
    get "$p"
    if gzip -dc < "$tmp/body.gz" | cmp -s - "$tmp/body"; then ok; else bad "$p: gzip body differs"; fi
    [ "$(wc -c < "$tmp/body.gz")" -lt "$(wc -c < "$tmp/body")" ] && ok || bad "$p: gzip not smaller"
done
code=$(curl -s -H 'Accept-Encoding: gzip;q=0' -D "$tmp/hdr" -o /dev/null -w '%{http_code}' "$U/app.js")
[ -z "$(header Content-Encoding)" ] && ok || bad "gzip;q=0 still compressed"
# the npm file under its installed version is cached for a year; any other
# URL of it is revalidated
if [ -f node_modules/echarts/package.json ]; then
    ev=$("$PY" -c "import json; print(json.load(open('node_modules/echarts/package.json'))['version'])")
    get "/vendor/echarts.min.js?v=$ev"
    case "$(header Cache-Control)" in
    *immutable*max-age=31536000* | *max-age=31536000*immutable*) ok ;;
    *) bad "echarts ?v=$ev: Cache-Control $(header Cache-Control)" ;;
    esac
    get "/vendor/echarts.min.js?v=0.0.1"
    [ "$(header Cache-Control)" = no-cache ] && ok || bad "echarts under another version: $(header Cache-Control)"
    grep -q "/vendor/echarts.min.js?v=$ev\"" web/index.html && ok ||
        bad "web/index.html does not ask for echarts $ev (package.json)"
fi
get /api/v1/health
[ "$(header Cache-Control)" = no-cache ] && ok || bad "API document Cache-Control $(header Cache-Control)"
get /api/v1/nope
[ "$(header Cache-Control)" = no-store ] && ok || bad "error Cache-Control $(header Cache-Control)"

# ---- Access log ----

sleep 1.3 # written once a second
if grep -qE ' GET /api/v1/health 200 [0-9]+ [0-9]+us$' "$tmp/access.log" &&
    grep -qE ' POST /api/v1/funds 401 ' "$tmp/access.log"; then ok; else
    bad "access log lacks the requests: $(tail -n 2 "$tmp/access.log")"
fi
# the token never reaches the log
grep -qF "$TOKEN" "$tmp/access.log" "$tmp/serve.err" && bad "the token is in a log" || ok

# ---- One client cannot stop the others: a second server with a short
# head deadline, its access log bounded at 4 KiB ----

serve_start "$tmp/serve2" "$AQ" --db "$DB" --head-timeout 2 \
    --max-per-client 16 --access-log "$tmp/rot.log" --access-log-max 4K \
    --host aq.example,Dash.Local || bad "second server: $serve_why"
pid2=$serve_pid
port2=$serve_port
# --host: the names given are answered, in any case, with or without port
for h in "aq.example:$port2" dash.local "DASH.LOCAL:$port2"; do
    c=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $h" "http://127.0.0.1:$port2/api/v1/health")
    [ "$c" = 200 ] && ok || bad "--host: Host $h answered $c"
done
c=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: other.example" "http://127.0.0.1:$port2/api/v1/health")
[ "$c" = 421 ] && ok || bad "--host: Host other.example answered $c"
# 300 connections from 127.0.0.1 that never finish their head: 16 are
# held (the per-client limit) and cut at 2 s with 408, 284 refused at once
# with 429; meanwhile a client from 127.0.0.2 is answered within a second
"$PY" tests/server/raw_http.py "$port2" --slow 300 16 > "$tmp/slow.out" 2>&1
while IFS= read -r line; do
    case "$line" in
    "ok "*) ok ;;
    *) bad "slow: $line" ;;
    esac
done < "$tmp/slow.out"
[ "$(grep -c '^ok ' "$tmp/slow.out")" -eq 2 ] && ok || bad "slow: $(cat "$tmp/slow.out")"
# the deadline holds for the later requests of a kept-alive connection too
"$PY" tests/server/raw_http.py "$port2" --trickle 2 > "$tmp/trickle.out" 2>&1 && ok ||
    bad "$(cat "$tmp/trickle.out")"
# the log: 600 requests of ~70 bytes a line (~40 kB) in files of 4 KiB
"$PY" tests/server/raw_http.py "$port2" --many 600 > "$tmp/many.out" 2>&1 && ok ||
    bad "600 requests: $(cat "$tmp/many.out")"
sleep 1.3
if [ -f "$tmp/rot.log" ] && [ -f "$tmp/rot.log.1" ] &&
    [ "$(wc -c < "$tmp/rot.log")" -le 4096 ] && [ "$(wc -c < "$tmp/rot.log.1")" -le 4096 ] &&
    grep -q ' GET /api/v1/health 200 ' "$tmp/rot.log.1"; then ok; else
    bad "access log not bounded: $(ls -l "$tmp"/rot.log* 2>&1 | tr '\n' ' ')"
fi
serve_stop "$pid2"
rc=$?
pid2=""
[ "$rc" -eq 0 ] && ok || bad "second server exit $rc after SIGTERM"

# ---- Graceful shutdown: SIGTERM, then SIGINT, each exits 0 ----

stop_server() {
    serve_stop "$pid" "$1"
    rc=$?
    pid=""
    [ "$serve_late" -eq 0 ] || bad "server still running 5 s after SIG$1"
    [ "$rc" -eq 0 ] && ok || bad "exit $rc after SIG$1, expected 0"
    grep -q "SIG$1 received" "$tmp/serve.err" && ok || bad "no shutdown message after SIG$1"
}
stop_server TERM
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$U/api/v1/health")
[ "$code" = 000 ] && ok || bad "still answering ($code) after SIGTERM"
start_server
get /api/v1/health
expect_code "health after restart" 200
stop_server INT

finish
