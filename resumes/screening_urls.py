from django.urls import path

from resumes import views

app_name = "screening"
urlpatterns = [path("", views.screening_index, name="index")]
