"""Runs a command with one of its output streams on a new pseudo-terminal and the other in a file.

Usage: pty-run.py COLUMNS TTY_STREAM OTHER_FILE CAPTURE_FILE RESIZE_AFTER RESIZE_TO -- COMMAND...
TTY_STREAM is stderr or stdout; the other stream goes to OTHER_FILE, standard input is /dev/null.
What the terminal shows is written to CAPTURE_FILE. With RESIZE_AFTER > 0, the terminal becomes
RESIZE_TO columns wide that many seconds after it first shows something (the kernel sends the child SIGWINCH), and half a
second later the line "#resized RESIZE_TO" is written into the capture. Exits with the command's
exit code.
"""
import fcntl, os, select, struct, subprocess, sys, termios, time

columns, stream, other, capture, resize_after, resize_to = sys.argv[1:7]
command = sys.argv[8:]
master, slave = os.openpty()

def size(fd, width):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, int(width), 0, 0))

size(slave, columns)

def controlling_terminal():
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

with open(other, 'wb') as other_file, open(capture, 'wb') as shown:
    streams = dict(stdout=slave, stderr=other_file) if stream == 'stdout' else dict(stdout=other_file, stderr=slave)
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, preexec_fn=controlling_terminal, **streams)
    os.close(slave)
    start = None
    resized_at = None
    marked = float(resize_after) <= 0
    while True:
        now = 0 if start is None else time.monotonic() - start
        if start is not None and not marked and resized_at is None and now >= float(resize_after):
            size(master, resize_to)
            resized_at = now
        if not marked and resized_at is not None and now >= resized_at + 0.5:
            shown.write(('\n#resized %s\n' % resize_to).encode())
            marked = True
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            shown.write(data)
            if start is None:
                start = time.monotonic()
    sys.exit(child.wait())
