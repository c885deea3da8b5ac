"""Fallback for GNU time when /usr/bin/time is missing: run a command, poll the resident
memory of its whole process tree with psutil, write `wall=… rss_kb=… user=… sys=…`.

  measure.py OUT.time CMD…
"""
import subprocess
import sys
import time

import psutil

out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.time()
proc = subprocess.Popen(cmd)
ps = psutil.Process(proc.pid)
peak = 0
while proc.poll() is None:
    try:
        rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True))
        peak = max(peak, rss)
    except psutil.Error:
        pass
    time.sleep(0.02)
wall = time.time() - t0
ru = __import__("resource").getrusage(__import__("resource").RUSAGE_CHILDREN)
# ru_maxrss would count the forked Python before exec; the polled peak is the command's.
with open(out, "w") as w:
    w.write(f"wall={wall:.2f} rss_kb={peak // 1024} user={ru.ru_utime:.2f} sys={ru.ru_stime:.2f}\n")
sys.exit(proc.returncode)
