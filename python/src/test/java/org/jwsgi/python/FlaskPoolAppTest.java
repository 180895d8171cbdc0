package org.jwsgi.python;

/** The Flask app on the pool model (2 contexts), next to gunicorn's 2 sync workers. */
class FlaskPoolAppTest extends FlaskAppTest {

    @Override
    Model model() {
        return Model.POOL;
    }
}
