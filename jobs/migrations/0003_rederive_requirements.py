"""Re-derive the deterministic requirements of jobs the LLM has not enriched.

The extractor stopped treating skills in a structured ad's company intro as must-haves
("Larkfield makes scheduling software" no longer requires "Scheduling software"). Jobs
enriched by the LLM keep the LLM's lists.
"""

from django.db import migrations


def rederive(apps, schema_editor) -> None:  # noqa: ANN001
    from screener.lib.requirements import extract_requirements

    JobPosting = apps.get_model("jobs", "JobPosting")
    fields = ["required_skills", "nice_to_have_skills", "min_years", "seniority"]
    jobs = JobPosting.objects.exclude(enrichment_status="done").only("id", "position", "description_text")
    batch = []
    for job in jobs.iterator(chunk_size=1000):
        found = extract_requirements(job.position, job.description_text)
        job.required_skills = found.required_skills
        job.nice_to_have_skills = found.nice_to_have_skills
        job.min_years = found.min_years
        job.seniority = found.seniority
        batch.append(job)
        if len(batch) == 1000:
            JobPosting.objects.bulk_update(batch, fields)
            batch = []
    JobPosting.objects.bulk_update(batch, fields)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_key_requirements")]
    operations = [migrations.RunPython(rederive, migrations.RunPython.noop)]
