"""A small Flask app (Debian's python3-flask 2.2): pages, JSON, a form, a 404, the environ."""
import hashlib

import flask
from markupsafe import escape

app = flask.Flask(__name__)


@app.route('/')
def hello():
    return 'Hello, World!'


@app.route('/json')
def json_endpoint():
    return flask.jsonify(message='Hello, World!', items=[1, 2, 3], nested={'ok': True})


@app.route('/greet', methods=['GET', 'POST'])
def greet():
    name = flask.request.values.get('name', 'stranger')
    return flask.render_template_string('<p>Hello, {{ name }}!</p>', name=name)


@app.route('/upload', methods=['POST'])
def upload():
    f = flask.request.files['file']
    data = f.read()
    return flask.jsonify(name=f.filename, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                         note=flask.request.form.get('note'))


@app.route('/stream')
def stream():
    def gen():
        for i in range(3):
            yield 'part %d\n' % i
    return flask.Response(gen(), mimetype='text/plain')


@app.route('/environ')
def environ():
    env = flask.request.environ
    return flask.jsonify({k: v for k, v in env.items() if isinstance(v, (str, bool))})


@app.route('/fail')
def fail():
    raise RuntimeError('flask view failed')
