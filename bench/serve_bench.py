#!/usr/bin/env python3
"""Print how soon `build.py serve` serves a change saved to claims.yaml (the goal: 2 s).

Not a test: it prints figures. It serves a small fixture site, edits claims.yaml five
times and times each save until the served page shows it.

    .venv/bin/python bench/serve_bench.py
"""
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]
from conftest import write_site  # noqa: E402
root = write_site(Path(tempfile.mkdtemp()) / "s")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
proc = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
url = f"http://127.0.0.1:{port}/claims/sky-is-green/"
def body():
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode()
    except OSError:
        return ""
deadline = time.time() + 30
while "sky is blue" not in body() and time.time() < deadline: time.sleep(0.1)
times = []
data = root / "claims.yaml"
for n in range(5):
    marker = f"colour number {n}"
    text = data.read_text()
    data.write_text(text.replace("Report A says the sky is blue.", f"Report A says the sky is blue, {marker}.") if n == 0 else text.replace(f"colour number {n-1}", marker))
    t0 = time.time()
    while marker not in body() and time.time() - t0 < 20: time.sleep(0.05)
    times.append(time.time() - t0)
    time.sleep(0.5)
proc.terminate(); proc.wait()
print("save -> served: " + ", ".join(f"{t:.2f} s" for t in times) + f"; max {max(times):.2f} s")
