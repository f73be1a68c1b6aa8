"""A fresh virtual X server for tests and benchmarks that need a real display."""
from __future__ import annotations

import os
import subprocess


def start_xvfb(screen: str = "1600x1000x24") -> tuple[subprocess.Popen, str]:
    """Start Xvfb on a free display number (it picks one and writes it to a pipe); returns
    the server process and the DISPLAY value, e.g. ":3"."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", screen,
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number.isdigit():
        server.kill()
        raise RuntimeError("Xvfb did not start")
    return server, f":{number}"
