#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Generate the shipped jurisdictions etc/beijing.stations.csv,
# etc/jingjinji.stations.csv and etc/national.stations.csv from the
# national station list (the UTF-8 copy in data/stations/, see
# data/README.md). The outputs are committed; run this
# again only when the list changes, then review the diff.
#
#   sh scripts/gen-jurisdictions.sh [NewSiteList_utf8.csv [OUTDIR]]
#
# Choices (docs/internals/READERS.md, "Jurisdiction files"):
# - reference = Y only when the station name carries 对照点. The list also
#   sets Y on 120 ordinary or closed sites (e.g. 1076A 衡水 市环保局, 1022A
#   天津 梅江小区, which reports data in 2019-06); the raw flag is kept in
#   the ignored column list_reference.
# - Closed sites (停运...) are kept: they have data before they closed.
# - jingjinji: provinces 北京市, 天津市, 河北省, unit = the list's city
#   (城市); the 雄安新区 stations are left out (not a prefecture-level city
#   and not among the 13 cities of the Beijing-Tianjin-Hebei ranking).
# - beijing: the 12 UCI stations, each its own unit, keyed by the station
#   name used in the UCI files.
set -eu

LIST=${1:-data/stations/NewSiteList_utf8.csv}
OUT=${2:-etc}

[ -r "$LIST" ] || { echo "gen-jurisdictions: cannot read $LIST" >&2; exit 1; }
mkdir -p "$OUT"

# check the list's shape before trusting field positions
head -n 1 "$LIST" | tr -d '\r' | grep -qx \
    '监测点编码,监测点名称,城市,经度,纬度,对照点,省级行政区,地级行政区' || {
    echo "gen-jurisdictions: unexpected header in $LIST" >&2
    exit 1
}
if grep -q '"' "$LIST"; then
    echo "gen-jurisdictions: quoted fields are not handled" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# national: every station, unit = city
awk -F, 'BEGIN { OFS = "," }
NR == 1 { print "station,unit,name,lon,lat,reference,province,prefecture,list_reference"; next }
{
    sub(/\r$/, "")
    if (NF != 8) { print "line " NR ": " NF " fields" > "/dev/stderr"; exit 1 }
    ref = index($2, "对照点") ? "Y" : "N"
    print $1, $3, $2, $4, $5, ref, $7, $8, $6
}' "$LIST" > "$tmp/national.stations.csv"

# jingjinji: Beijing, Tianjin and the 11 Hebei cities, unit = city
awk -F, 'BEGIN {
    OFS = ","
    split("北京 Beijing 天津 Tianjin 石家庄 Shijiazhuang 唐山 Tangshan " \
          "秦皇岛 Qinhuangdao 邯郸 Handan 邢台 Xingtai 保定 Baoding " \
          "张家口 Zhangjiakou 承德 Chengde 沧州 Cangzhou 廊坊 Langfang " \
          "衡水 Hengshui", w, " ")
    for (i = 1; i in w; i += 2) en[w[i]] = w[i + 1]
}
NR == 1 { print "station,unit,unit_en,name,lon,lat,reference,list_reference"; next }
{
    sub(/\r$/, "")
    if ($7 != "北京市" && $7 != "天津市" && $7 != "河北省") next
    if ($3 == "雄安新区") next
    if (!($3 in en)) { print "unknown city " $3 > "/dev/stderr"; exit 1 }
    ref = index($2, "对照点") ? "Y" : "N"
    print $1, $3, en[$3], $2, $4, $5, ref, $6
}' "$LIST" > "$tmp/jingjinji.stations.csv"

# beijing: the 12 UCI stations (data/README.md)
awk -F, 'BEGIN {
    OFS = ","
    split("Aotizhongxin 1011A Changping 1010A Dingling 1002A Dongsi 1003A " \
          "Guanyuan 1006A Gucheng 1012A Huairou 1009A Nongzhanguan 1005A " \
          "Shunyi 1008A Tiantan 1004A Wanliu 1007A Wanshouxigong 1001A", w, " ")
    for (i = 1; i in w; i += 2) { uci[w[i + 1]] = w[i]; order[++n] = w[i + 1] }
}
NR == 1 { next }
{ sub(/\r$/, ""); if ($1 in uci) row[$1] = $0 }
END {
    print "station,unit,unit_en,name,lon,lat,reference,cnemc_code"
    for (i = 1; i <= n; i++) {
        c = order[i]
        if (!(c in row)) { print "missing " c > "/dev/stderr"; exit 1 }
        split(row[c], f, ",")
        unit = f[2]
        sub(/\(对照点\)$/, "", unit)
        ref = index(f[2], "对照点") ? "Y" : "N"
        print uci[c], unit, uci[c], f[2], f[4], f[5], ref, c
    }
}' "$LIST" > "$tmp/beijing.stations.csv"

for f in national jingjinji beijing; do
    mv "$tmp/$f.stations.csv" "$OUT/$f.stations.csv"
done
wc -l "$OUT/national.stations.csv" "$OUT/jingjinji.stations.csv" \
    "$OUT/beijing.stations.csv" >&2
