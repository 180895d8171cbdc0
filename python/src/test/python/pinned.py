"""Python work on a virtual thread pinned to its carrier, as GraalPy's compiled code pins it (VirtualThreadsTest)."""
import java

_Pinning = java.type('org.jwsgi.python.Pinning')


def _work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total


def app(environ, start_response):
    n = int(environ['QUERY_STRING'] or '20000')
    if environ.get('HTTP_X_PINNED') == 'yes':
        # while pinned, a wait for the GIL holds the carrier, as in compiled code
        _Pinning.pin()
        try:
            total = _work(n)
        finally:
            _Pinning.unpin()
    else:
        total = _work(n)
    body = str(total).encode('ascii')
    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', str(len(body)))])
    return [body]
