"""A small Django project (Debian's python3-django 3.2) without a database."""
SECRET_KEY = 'jwsgi-test-not-secret'
DEBUG = False
ALLOWED_HOSTS = ['*']
ROOT_URLCONF = 'djsite.urls'
INSTALLED_APPS = []
MIDDLEWARE = ['django.middleware.common.CommonMiddleware']
DATABASES = {}
USE_TZ = True
TEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [], 'APP_DIRS': False,
              'OPTIONS': {'string_if_invalid': ''}}]
LOGGING_CONFIG = None
