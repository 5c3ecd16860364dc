"""Sequential keep-alive calls to one URL; prints p50 and p99 in ms. Usage: latency.py URL COUNT [BODY]"""
import http.client
import sys
import time
from urllib.parse import urlparse

url, count = urlparse(sys.argv[1]), int(sys.argv[2])
body = sys.argv[3] if len(sys.argv) > 3 else "{}"
conn = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Content-Type": "application/json"}
times = []
for _ in range(count):
    start = time.perf_counter()
    conn.request("POST", url.path, body=body, headers=headers)
    res = conn.getresponse()
    res.read()
    if res.status != 200:
        sys.exit(f"{url.geturl()} answered {res.status}")
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{times[len(times) // 2]:.3f} {times[int(len(times) * 0.99) - 1]:.3f}")
