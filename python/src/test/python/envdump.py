"""The environ as JSON, the same from every server: what PythonAppTest compares with gunicorn."""
import json

# keys whose value is an object (a file, a class): their presence is compared, not their repr
OBJECTS = ('wsgi.input', 'wsgi.errors', 'wsgi.file_wrapper')


def app(environ, start_response):
    chunks = []
    while True:  # read(size) alone: the validator allows no other form; the input ends at the body's end
        chunk = environ['wsgi.input'].read(65536)
        if not chunk:
            break
        chunks.append(chunk)
    body = b''.join(chunks)
    out = {'body': body.decode('latin-1')}
    for k, v in environ.items():
        if k in OBJECTS:
            out[k] = '<object>'
        elif k == 'wsgi.version':
            out[k] = list(v)
        elif isinstance(v, (str, bool, int)):
            out[k] = v
        else:
            out[k] = '<' + type(v).__name__ + '>'
    data = json.dumps(out, sort_keys=True).encode('utf-8')
    start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(data)))])
    return [data]
