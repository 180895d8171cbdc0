"""WSGI apps that exercise PEP 3333 from the application's side, for PythonAppTest."""
import json
import os
import sys
import threading
import uuid

# this module's identity in its context: each context imports it once
TOKEN = uuid.uuid4().hex

CLOSED = {'count': 0}


def _json(start_response, obj, status='200 OK'):
    body = json.dumps(obj, sort_keys=True).encode('utf-8')
    start_response(status, [('Content-Type', 'application/json'), ('Content-Length', str(len(body)))])
    return [body]


def environ_types(environ, start_response):
    """Every environ key with the type of its value, and the str values as they are."""
    out = {}
    for k, v in environ.items():
        out[k] = {'type': type(v).__name__, 'value': v if isinstance(v, (str, bool)) else repr(v) if k == 'wsgi.version' else None}
    out['wsgi.version'] = {'type': type(environ['wsgi.version']).__name__, 'value': list(environ['wsgi.version'])}
    return _json(start_response, out)


def path_bytes(environ, start_response):
    """PATH_INFO as latin-1 bytes decoded to UTF-8: proves native strings."""
    p = environ['PATH_INFO']
    return _json(start_response, {'native': p, 'utf8': p.encode('latin-1').decode('utf-8', 'replace'),
                                  'max': max((ord(c) for c in p), default=0)})


def read_modes(environ, start_response):
    """Reads wsgi.input as the query string asks: all, sized, lines, readlines, iteration."""
    mode = environ['QUERY_STRING']
    inp = environ['wsgi.input']
    if mode == 'all':
        parts = [inp.read()]
    elif mode == 'sized':
        parts = []
        while True:
            b = inp.read(7)
            if not b:
                break
            parts.append(b)
    elif mode == 'length':
        parts = [inp.read(int(environ.get('CONTENT_LENGTH') or 0))]
    elif mode == 'readline':
        parts = []
        while True:
            line = inp.readline()
            if not line:
                break
            parts.append(line)
    elif mode == 'readline5':
        parts = []
        while True:
            line = inp.readline(5)
            if not line:
                break
            parts.append(line)
    elif mode == 'readlines':
        parts = inp.readlines()
    elif mode == 'iter':
        parts = [line for line in inp]
    else:
        raise ValueError('unknown mode ' + mode)
    start_response('200 OK', [('Content-Type', 'application/json')])
    return [json.dumps({'parts': [p.decode('latin-1') for p in parts],
                        'types': sorted({type(p).__name__ for p in parts})}).encode()]


def errors(environ, start_response):
    err = environ['wsgi.errors']
    err.write('first line\n')
    err.writelines(['second ', 'line\n'])
    err.flush()
    print('to wsgi.errors via print', file=err)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'logged']


def write_callable(environ, start_response):
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write(b'written ')
    write(b'then ')
    return [b'returned']


def generator(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    for i in range(3):
        yield ('chunk %d\n' % i).encode()


class Closing:
    """A body with close(): counts the closes in CLOSED."""

    def __init__(self, chunks, fail_at=None):
        self.chunks = chunks
        self.fail_at = fail_at

    def __iter__(self):
        for i, c in enumerate(self.chunks):
            if i == self.fail_at:
                raise RuntimeError('body failed at chunk %d' % i)
            yield c

    def close(self):
        CLOSED['count'] += 1


def closing(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    fail = environ['QUERY_STRING']
    return Closing([b'a', b'b', b'c'], int(fail) if fail else None)


def closed_count(environ, start_response):
    return _json(start_response, CLOSED)


def fails(environ, start_response):
    return 1 / 0


def exc_info_before(environ, start_response):
    """The usual error handler: replaces status and headers before anything went out."""
    start_response('200 OK', [('Content-Type', 'text/plain')])
    try:
        raise KeyError('missing')
    except KeyError:
        start_response('500 Internal Server Error', [('Content-Type', 'text/plain'), ('X-Handled', 'yes')],
                       sys.exc_info())
    return [b'handled']


class Reraised(Exception):
    pass


def exc_info_after(environ, start_response):
    """exc_info after the headers went out: start_response must re-raise the app's own exception."""
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write(b'partial')
    try:
        raise Reraised('after the headers')
    except Reraised:
        try:
            start_response('500 Internal Server Error', [], sys.exc_info())
        except Reraised as again:
            environ['wsgi.errors'].write('re-raised: %r\n' % again)
            raise
    return [b'not reached']


def bad_chunk(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['a str, not bytes']


def bad_header(environ, start_response):
    start_response('200 OK', [('X-Split', 'a\r\nSet-Cookie: x=1')])
    return [b'never']


def file_wrapper(environ, start_response):
    path = environ['QUERY_STRING'] or __file__
    f = open(path, 'rb')
    f.seek(int(environ.get('HTTP_X_SKIP', '0')))
    start_response('200 OK', [('Content-Type', 'application/octet-stream')])
    return environ['wsgi.file_wrapper'](f, 4096)


class Pipe:
    """A file-like object with no fileno(): the file wrapper must iterate it."""

    def __init__(self, data):
        self.data = data
        self.closed_by_server = False

    def read(self, n):
        chunk, self.data = self.data[:n], self.data[n:]
        return chunk

    def close(self):
        CLOSED['count'] += 1


def file_wrapper_pipe(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return environ['wsgi.file_wrapper'](Pipe(b'x' * 10000), 1000)


def who(environ, start_response):
    """Which context and thread answered: pid-like identity of the interpreter and its module state."""
    return _json(start_response, {'context': TOKEN, 'thread': threading.get_ident(),
                                  'multithread': environ['wsgi.multithread'],
                                  'multiprocess': environ['wsgi.multiprocess']})


def slow(environ, start_response):
    """Holds its interpreter for a while in Python (no GIL release): shows the models' parallelism."""
    n = int(environ['QUERY_STRING'] or '200000')
    total = 0
    for i in range(n):
        total += i * i
    return _json(start_response, {'total': total, 'context': TOKEN})


def app(environ, start_response):
    """Dispatches on the X-App header to the apps above, so one context serves them all."""
    name = environ.get('HTTP_X_APP', 'environ_types')
    return globals()[name](environ, start_response)


def who_after_read(environ, start_response):
    """Reads the whole body first (blocking in Java while the client holds it back), then says who it is."""
    body = environ['wsgi.input'].read()
    environ['wsgi.errors'].write('read %d bytes\n' % len(body))
    return who(environ, start_response)


def native(environ, start_response):
    """Imports a C extension (GraalPy's own termios): fine in one context, refused in the pool."""
    try:
        import termios
        result = {'imported': termios.__name__}
    except ImportError as e:
        result = {'refused': str(e)}
    return _json(start_response, result)
