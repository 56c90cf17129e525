from django.urls import path

from resumes import views

app_name = "resumes"
urlpatterns = [path("", views.resumes_index, name="index")]
