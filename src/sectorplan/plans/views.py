from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def plan_detail(request, slug, code):
    return HttpResponse("plan")
