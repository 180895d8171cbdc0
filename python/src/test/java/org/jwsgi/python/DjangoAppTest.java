package org.jwsgi.python;

import java.util.List;

/** A small Django project (Debian's python3-django 3.2): URL routing, templates, JSON, forms, uploads, no database. */
class DjangoAppTest extends SameAsGunicornTest {

    @Override
    String callable() {
        return "djsite.wsgi:application";
    }

    @Override
    List<String> debianPackages() {
        return List.of("python3-django");
    }

    @Override
    List<Exchange> exchanges() {
        return FlaskAppTest.exchangesOfTheFrameworkApps();
    }
}
