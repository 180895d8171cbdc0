import hashlib

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.template import engines
from django.views.decorators.csrf import csrf_exempt

GREETING = engines['django'].from_string('<p>Hello, {{ name }}!</p>')


def hello(request):
    return HttpResponse('Hello, World!', content_type='text/plain')


def json_endpoint(request):
    return JsonResponse({'message': 'Hello, World!', 'items': [1, 2, 3], 'nested': {'ok': True}})


@csrf_exempt
def greet(request):
    name = request.POST.get('name') or request.GET.get('name') or 'stranger'
    return HttpResponse(GREETING.render({'name': name}))


@csrf_exempt
def upload(request):
    f = request.FILES['file']
    data = f.read()
    return JsonResponse({'name': f.name, 'size': len(data), 'sha256': hashlib.sha256(data).hexdigest(),
                         'note': request.POST.get('note')})


def stream(request):
    return StreamingHttpResponse(('part %d\n' % i for i in range(3)), content_type='text/plain')


def environ(request):
    return JsonResponse({k: v for k, v in request.META.items() if isinstance(v, (str, bool))})


def fail(request):
    raise RuntimeError('django view failed')
