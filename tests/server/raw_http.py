# SPDX-License-Identifier: MIT
"""Raw-socket checks of `aqrank serve` for tests/suites/server.sh: requests
no ordinary client sends (oversized, malformed, slow, too many), each
checked for the documented status and JSON error body (docs/http-api.md).

    python3 raw_http.py PORT CASES_FILE
CASES_FILE has one case a line: NAME|STATUS|CODE|PYTHON_BYTES_EXPRESSION
(the bytes sent on a new connection; `H` is a valid Host header line).
Prints "ok NAME" or "FAIL NAME: why" per case; exit 1 on any failure.

    python3 raw_http.py PORT --slow N PER_CLIENT
opens N connections from 127.0.0.1 that send half a head and wait, then
checks that a client from 127.0.0.2 is answered within a second, ten
times, while they are open; then that PER_CLIENT of the slow ones were cut
at the head deadline (408) and the others refused at once (429), each with
a JSON body.

    python3 raw_http.py PORT --many N
sends N requests on one kept-alive connection (for the access log).

    python3 raw_http.py PORT --trickle SECONDS
sends a request on a new connection, then the head of a second one a byte
every 0.2 s, and checks that the server ends the connection within SECONDS
+ 1.5 of its first answer however the bytes trickle."""
import json
import socket
import sys
import time


def read_reply(s, limit=10.0):
    """The whole reply on s (until the server closes or a full answer)."""
    s.settimeout(limit)
    data = b''
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b'\r\n\r\n')
            if sep:
                for line in head.split(b'\r\n')[1:]:
                    k, _, v = line.partition(b':')
                    if k.strip().lower() == b'content-length' and len(body) >= int(v):
                        return data
    except OSError:
        pass
    return data


def parse(data):
    head, _, body = data.partition(b'\r\n\r\n')
    lines = head.split(b'\r\n')
    status = int(lines[0].split(b' ')[1]) if lines[0].startswith(b'HTTP/1.') else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b':')
        headers[k.strip().lower().decode('latin-1')] = v.strip().decode('latin-1')
    return status, headers, body


def check_error(data, status, code):
    """'' if data is the JSON error STATUS/CODE, else why not."""
    if not data:
        return 'no reply'
    got, headers, body = parse(data)
    if got != status:
        return 'status %d, expected %d: %r' % (got, status, data[:200])
    if not headers.get('content-type', '').startswith('application/json'):
        return 'Content-Type %r' % headers.get('content-type')
    try:
        doc = json.loads(body.decode('utf-8'))  # strict UTF-8
    except (UnicodeDecodeError, ValueError) as e:
        return 'body is not UTF-8 JSON (%s): %r' % (e, body[:200])
    if doc.get('error') != code or not isinstance(doc.get('message'), str) or not doc['message']:
        return 'body %r' % doc
    return ''


def send(port, payload, src=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if src:
        s.bind((src, 0))
    s.settimeout(10)
    s.connect(('127.0.0.1', port))
    try:
        s.sendall(payload)
    except OSError:
        pass  # the server answered and closed while we were still sending
    return s


def cases(port, path):
    failed = 0
    H = b'Host: 127.0.0.1:%d\r\n' % port
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        name, status, code, expr = line.split('|', 3)
        t = time.time()
        s = send(port, eval(expr, {'H': H}))
        why = check_error(read_reply(s), int(status), code)
        s.close()
        if not why and time.time() - t > 2:
            why = 'answered after %.1f s' % (time.time() - t)
        print(('FAIL %s: %s' % (name, why)) if why else 'ok ' + name)
        failed += bool(why)
    return failed


def slow(port, n, per_client, other='127.0.0.2'):
    failed = 0
    H = b'Host: 127.0.0.1:%d\r\n' % port
    conns = []
    for _ in range(n):
        try:
            conns.append(send(port, b'GET /api/v1/health HTTP/1.1\r\n' + H + b'X-Slow: '))
        except OSError as e:
            print('FAIL slow: connect: %s' % e)
            return 1
    time.sleep(0.3)
    worst = 0.0
    for _ in range(10):
        t = time.time()
        s = send(port, b'GET /api/v1/health HTTP/1.1\r\n' + H + b'Connection: close\r\n\r\n', other)
        status, _, _ = parse(read_reply(s, 5))
        s.close()
        worst = max(worst, time.time() - t)
        if status != 200:
            print('FAIL another client during %d slow connections: HTTP %d' % (n, status))
            return 1
    if worst >= 1.0:
        print('FAIL another client waited %.2f s during %d slow connections' % (worst, n))
        failed += 1
    else:
        print('ok another client answered within %.3f s, 10 times, during %d slow connections' % (worst, n))
    # the slow ones: refused at once (429) or cut at the deadline (408)
    counts = {}
    for s in conns:
        data = read_reply(s, 15)
        got = parse(data)[0] if data else 0
        code = {429: 'too_many_connections', 408: 'request_timeout'}.get(got)
        why = check_error(data, got, code) if code else 'HTTP %d' % got
        if why:
            print('FAIL slow connection: %s' % why)
            return failed + 1
        counts[got] = counts.get(got, 0) + 1
        s.close()
    want = {408: per_client, 429: n - per_client}
    if counts != want:
        print('FAIL slow connections: %r, expected %r' % (counts, want))
        return failed + 1
    print('ok slow connections: %s' % ', '.join('%d x %d' % kv for kv in sorted(counts.items())))
    return failed


def many(port, n):
    H = b'Host: 127.0.0.1:%d\r\n' % port
    s = send(port, b'')
    for i in range(n):
        s.sendall(b'GET /api/v1/health HTTP/1.1\r\n' + H + b'\r\n')
        if parse(read_reply(s))[0] != 200:
            print('FAIL request %d of %d' % (i + 1, n))
            return 1
    print('ok %d requests' % n)
    return 0


def trickle(port, deadline):
    H = b'Host: 127.0.0.1:%d\r\n' % port
    s = send(port, b'GET /api/v1/health HTTP/1.1\r\n' + H + b'\r\n')
    if parse(read_reply(s))[0] != 200:
        print('FAIL trickle: the first request was not answered')
        return 1
    t = time.time()
    head = b'GET /api/v1/health HTTP/1.1\r\n' + H + b'X-Slow: ' + b'a' * 200
    s.settimeout(0.2)
    for i in range(len(head)):
        try:
            s.send(head[i:i + 1])
            if s.recv(1) == b'':
                break
        except socket.timeout:
            continue
        except OSError:
            break
        if time.time() - t > deadline + 6:
            print('FAIL trickle: still open after %.1f s' % (time.time() - t))
            return 1
    took = time.time() - t
    if took > deadline + 1.5:
        print('FAIL trickle: ended after %.1f s, deadline %d s' % (took, deadline))
        return 1
    print('ok a kept-alive connection trickling its next head ended after %.1f s' % took)
    return 0


if __name__ == '__main__':
    port = int(sys.argv[1])
    if sys.argv[2] == '--slow':
        sys.exit(1 if slow(port, int(sys.argv[3]), int(sys.argv[4])) else 0)
    if sys.argv[2] == '--trickle':
        sys.exit(1 if trickle(port, int(sys.argv[3])) else 0)
    if sys.argv[2] == '--many':
        sys.exit(1 if many(port, int(sys.argv[3])) else 0)
    sys.exit(1 if cases(port, sys.argv[2]) else 0)
