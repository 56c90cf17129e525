"""Renderers for the Screener demo data set (run ``scripts/make_demo_files.py``).

The content (people, jobs, labels, heading styles) lives in ``demo_data/source/*.yaml``;
these modules only turn it into files:

* ``model``  -- the data classes and the YAML loaders;
* ``facts``  -- date formats, section headings, years of experience, the expected records;
* ``text``   -- TXT and HTML resumes;  ``word`` -- DOCX;  ``pdf`` -- PDF;
* ``feed``   -- the RemoteOK-shaped job feed and the relevance labels.
"""
