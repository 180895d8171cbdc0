"""Plays systemd's part for socket activation in the tests (a .socket unit with Accept=no and a
service with StandardInput=socket): holds one listening TCP socket for as long as it runs and
starts each instance of the server with that socket as its standard input, so the port stays
open, and connections queue in its backlog, while one instance stops and the next one starts.

Usage: python3 socket_holder.py HOST PORT BACKLOG   (PORT 0: the OS chooses)
Prints "listening PORT", then obeys one command per line on standard input, answering each:
  start OUT ERR ARG...   (tab-separated) -> "started PID": ARG... run with stdin = the socket,
                          stdout and stderr appended to the files OUT and ERR
  stop PID                -> "exited PID STATUS": SIGTERM, then the exit status once it has
                          exited (128 + N for a death by signal N, as a shell reports it)
At the end of its input it stops what it started and exits.
"""
import signal
import socket
import subprocess
import sys

host, port, backlog = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
listener = socket.socket(family, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((host, port))
listener.listen(backlog)
print("listening", listener.getsockname()[1], flush=True)

children = {}


def status(code):
    return 128 - code if code < 0 else code


for line in sys.stdin:
    words = line.rstrip("\n").split("\t")
    if words[0] == "start":
        out, err, argv = words[1], words[2], words[3:]
        with open(out, "ab") as o, open(err, "ab") as e:
            child = subprocess.Popen(argv, stdin=listener.fileno(), stdout=o, stderr=e, close_fds=True)
        children[child.pid] = child
        print("started", child.pid, flush=True)
    elif words[0] == "stop":
        child = children.pop(int(words[1]))
        child.send_signal(signal.SIGTERM)
        print("exited", child.pid, status(child.wait()), flush=True)
    else:
        print("unknown command", words[0], flush=True)

for child in children.values():
    child.send_signal(signal.SIGTERM)
for child in children.values():
    try:
        child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        child.kill()
