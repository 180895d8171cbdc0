from django.urls import path

from djsite import views

urlpatterns = [
    path('', views.hello),
    path('json', views.json_endpoint),
    path('greet', views.greet),
    path('upload', views.upload),
    path('stream', views.stream),
    path('environ', views.environ),
    path('fail', views.fail),
]
