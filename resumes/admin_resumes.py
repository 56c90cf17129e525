"""Admin for resumes and failed resumes."""
