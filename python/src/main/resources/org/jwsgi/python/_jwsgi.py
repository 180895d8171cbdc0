# The Python half of org.jwsgi.python.PythonApp, loaded into every GraalPy context it creates.
#
# PEP 3333 from the application's side: the environ as a dict of native strings, wsgi.input as a
# binary file over the Java request stream, wsgi.errors as a text file over the server's log,
# start_response and its write callable, wsgi.file_wrapper. The Java side (Interpreter.java) calls
# handle() once per request, then next_chunk() for each body element and close_result() once.
#
# Bytes cross the boundary as latin-1 str one way (a Java String of chars U+0000-U+00FF is copied
# in bulk, where bytes(java_array) goes element by element) and as Python bytes the other way (Java
# reads them through the buffer interop in one copy).

import io
import sys
import traceback
import importlib
import importlib.machinery

VERSION = (1, 0)


class _RawInput(io.RawIOBase):
    """wsgi.input's raw layer: readinto() over the Java stream (via the request bridge)."""

    __slots__ = ('_bridge',)

    def __init__(self, bridge):
        self._bridge = bridge

    def readable(self):
        return True

    def readinto(self, b):
        data = self._bridge.read(len(b))
        if data is None:
            return 0
        n = len(data)
        b[:n] = data.encode('latin-1')
        return n


class Input(io.BufferedReader):
    """wsgi.input: a binary file (read, read(n), readline, readline(n), readlines, iteration)."""

    def __init__(self, bridge):
        super().__init__(_RawInput(bridge), 16384)

    def __repr__(self):
        return '<jwsgi wsgi.input>'


class Errors:
    """wsgi.errors: a text file whose lines go to the server's log (the Java PrintWriter)."""

    __slots__ = ('_bridge',)

    def __init__(self, bridge):
        self._bridge = bridge

    def write(self, s):
        if type(s) is not str:
            raise TypeError('wsgi.errors.write() takes str, not ' + type(s).__name__)
        self._bridge.error(s)
        return len(s)

    def writelines(self, seq):
        for s in seq:
            self.write(s)

    def flush(self):
        self._bridge.flush_errors()

    def writable(self):
        return True

    def __repr__(self):
        return '<jwsgi wsgi.errors>'


class FileWrapper:
    """wsgi.file_wrapper, as wsgiref.util.FileWrapper: iterates blocks of filelike; the Java side
    sends a real file (one with a fileno() and a path name) with the server's zero-copy path."""

    def __init__(self, filelike, blksize=8192):
        self.filelike = filelike
        self.blksize = blksize
        if hasattr(filelike, 'close'):
            self.close = filelike.close

    def __iter__(self):
        return self

    def __next__(self):
        data = self.filelike.read(self.blksize)
        if data:
            return data
        raise StopIteration


class StartResponse:
    """start_response(status, response_headers, exc_info=None) for one request."""

    __slots__ = ('_bridge', '_write')

    def __init__(self, bridge):
        self._bridge = bridge
        self._write = None

    def __call__(self, status, response_headers, exc_info=None):
        if type(status) is not str:
            raise TypeError('status must be a str, not ' + type(status).__name__ + ': ' + repr(status))
        if type(response_headers) is not list:
            raise TypeError('response_headers must be a list, not ' + type(response_headers).__name__)
        flat = []
        for h in response_headers:
            if type(h) is not tuple or len(h) != 2:
                raise TypeError('each response header must be a (name, value) tuple: ' + repr(h))
            name, value = h
            if type(name) is not str or type(value) is not str:
                raise TypeError('header name and value must be str: ' + repr(h))
            flat.append(name)
            flat.append(value)
        failure = None
        if exc_info is not None:
            failure = format_exception(exc_info[1])
        if self._bridge.start(status, flat, failure):
            # PEP 3333: the headers went out, so re-raise the application's own exception
            try:
                raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None  # no reference cycle through the traceback
        if self._write is None:
            bridge = self._bridge

            def write(data):
                if type(data) is not bytes:
                    raise TypeError('write() takes bytes, not ' + type(data).__name__)
                bridge.write(data)
            self._write = write
        return self._write


def handle(app, pairs, bridge, multithread, multiprocess):
    """Calls app for one request; pairs holds the environ's other keys and values, alternating."""
    environ = {}
    n = len(pairs)
    i = 0
    while i < n:
        environ[pairs[i]] = pairs[i + 1]
        i += 2
    environ['wsgi.version'] = VERSION
    environ['wsgi.input'] = Input(bridge)
    environ['wsgi.errors'] = Errors(bridge)
    environ['wsgi.multithread'] = multithread
    environ['wsgi.multiprocess'] = multiprocess
    environ['wsgi.file_wrapper'] = FileWrapper
    return app(environ, StartResponse(bridge))


def is_sequence(result):
    """Whether the body is a list or tuple: complete in memory, so Java takes it whole."""
    t = type(result)
    return t is list or t is tuple


def _not_bytes(c):
    return TypeError('the application returned a ' + type(c).__name__ + ' in its body; PEP 3333 bodies yield bytes')


def chunks(result):
    """A list or tuple body checked and handed over whole."""
    for c in result:
        if type(c) is not bytes:
            raise _not_bytes(c)
    return result


def iterate(result):
    return iter(result)


def next_chunk(it):
    """The next body element, or None at the end."""
    for c in it:
        if type(c) is not bytes:
            raise _not_bytes(c)
        return c
    return None


def close_result(result):
    close = getattr(result, 'close', None)
    if close is not None:
        close()


def file_of(result):
    """(path, position) of a wsgi.file_wrapper body over a real file, else None (iterate it)."""
    if type(result) is not FileWrapper:
        return None
    f = result.filelike
    try:
        f.fileno()
        name = f.name
        mode = getattr(f, 'mode', 'rb')
        if type(name) is not str or 'b' not in mode or f.closed:
            return None
        return (name, f.tell(), result.blksize)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def format_exception(exc):
    """The traceback of exc as Python prints it."""
    return ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip('\n')


def exception_type(exc):
    t = type(exc)
    return t.__name__ if t.__module__ == 'builtins' else t.__module__ + '.' + t.__qualname__


class _NoNativeModules:
    """A meta path finder for the pool model: GraalPy loads C extensions (including its own, such
    as termios) into one context per process unless python.IsolateNativeModules is on, so every
    pooled context refuses them with an ImportError, which packages with a pure-Python fallback
    (django.utils.autoreload's termios, markupsafe's speedups) expect."""

    def find_spec(self, name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            raise ImportError('jwsgi-python: the C extension ' + name + ' (' + str(spec.origin)
                              + ') cannot be loaded in the pool model without isolated native modules',
                              name=name)
        return None


def refuse_native_modules():
    # before the path finder, after the builtin and frozen importers: GraalPy's Java-backed
    # builtins (_sha3, zlib...) still import, though a .so of the same name is on the path too
    at = next((i for i, f in enumerate(sys.meta_path) if f is importlib.machinery.PathFinder), len(sys.meta_path))
    sys.meta_path.insert(at, _NoNativeModules())


def load(spec):
    """The WSGI callable named 'module:callable' (callable may be dotted; 'application' by default)."""
    module_name, sep, attr = spec.partition(':')
    if not module_name:
        raise ValueError('no module in ' + repr(spec) + '; expected MODULE:CALLABLE')
    attr = attr if sep else 'application'
    module = importlib.import_module(module_name)
    obj = module
    for part in attr.split('.'):
        if not part.isidentifier():
            raise ValueError(repr(attr) + ' is not a (dotted) Python name in ' + repr(spec))
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise AttributeError('module ' + module_name + ' has no ' + repr(attr) + ' (from ' + repr(spec) + ')') from None
    if not callable(obj):
        raise TypeError(repr(spec) + ' is a ' + type(obj).__name__ + ', not a WSGI callable')
    return obj
