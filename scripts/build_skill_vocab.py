"""Build ``screener/data/skills_vocab.json`` from O*NET technology names plus our synonyms.

Run from the repo root::

    .venv/bin/python scripts/build_skill_vocab.py [--onet DIR] [--out FILE]

What it promises
----------------
* Deterministic: the same inputs always give a byte-identical JSON file (sorted output,
  no timestamps), so the committed file only changes when the inputs or the rules change.
* Every O*NET "Example" technology name becomes one skill (canonical name = the O*NET name,
  category = its most frequent Commodity Title, hot = any row marked Hot Technology),
  unless it is absorbed into one of our curated skills below (e.g. "Oracle Java" -> "Java").
* Curated skills (``CURATED``) add synonyms and the non-technology professional skills the
  demo professions need (nursing, accounting, marketing, sales, UX, teaching, mechanical,
  HR, project management, support).

Alias modes (how ``screener.lib.skills`` matches an alias)
----------------------------------------------------------
* ``aliases`` -- case-insensitive whole-word/phrase match (stored lower-cased).
* ``exact`` -- case-sensitive: only the spelling given (e.g. "CAD", "SAP", "ML"), so the
  acronym does not fire on an ordinary lower-case word.
* ``context`` -- case-sensitive *and* only in a skills context (a skills list / "Skills:"
  line / next to a programming cue). Used for short or common English words that are also
  technologies: "Go", "R", "C", "Excel", "Word", "Access", "Office", "Spring", "Express",
  "Rust", "Swift", "Chef", "Puppet", "Make", and O*NET names such as "Zoom" or "Slack".

Alias derivation from verbose O*NET names
-----------------------------------------
1. Strip a trailing " software" / " programming language" and a trailing "(ACRONYM)".
2. Trailing acronyms whose letters are the initials of the preceding words
   ("Amazon Web Services AWS") give two aliases: the phrase and the acronym (``exact``).
3. Vendor prefixes are stripped: a prefix of 1-3 capitalised words shared by at least two
   O*NET names ("Atlassian", "The MathWorks", "Amazon Web Services AWS") is dropped when
   the remainder starts with a capital or digit ("Atlassian JIRA" -> "jira").
4. A derived alias is dropped when it is not distinctive: a single common English word
   ("Microsoft Project" -> "project"), two common words ("Amazon Web Services" -> "web
   services"), at most two characters, or the same derived alias produced by two different
   O*NET names. "Common English word" = a lower-case word seen in O*NET occupation
   descriptions or in lower-case in any O*NET technology name, plus ``EXTRA_COMMON_WORDS``.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("build_skill_vocab")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ONET = Path("/work/shared/data/onet")
DEFAULT_OUT = REPO / "screener" / "data" / "skills_vocab.json"

ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
    "license."
)

# Lower-case words that are ordinary English (or names) but missing from the O*NET prose we
# derive the common-word lexicon from. Reviewed by hand against the single-word O*NET names
# and vendor-stripped remainders; any derived single-word alias in this set is dropped, and a
# single-word O*NET name in this set is matched only in a skills context.
_EXTRA_COMMON_TEXT = """
    abbott access adams addressing algae amos analytics analyze analyst andes angular
    animation ant apex archive arena audition aztec bamboo bill bing blink blogger boot
    boulevard bryce canvas chat chef chrome clipper cloud cobalt cocoa colleague combustion
    comet compact compass competence concept confluence connect connectivity consolidation
    continuum contractor contribute cornerstone cruising cube cyclone darwin database
    derivatives designer developer diameter dig domino dracula eclipse edge elmer email
    encompass encore enigma entourage excavator excel explorer express fatigue fear felix
    flask flyer forth four free frenzy frontier genesis genie go harvest helix hercules
    hive honeypot icon idea insight interact interpreter inventor iris isis jack jersey
    julia kant kingdom latitude lease loom lunar magic make maple max maestro maker maya
    millennium mojo native navigator notebook notes numbers octave office opus outlook pages
    painter palette paradox pascal pegasus penultimate persuasion petra pharmaceutical
    piazza pig player portal postman potent premiere presenter prince prism pro project
    publisher puff puppet pyramid quest rats react recipe reduce reliance reward rio root
    route ruby runner rust saber safari salon samba sand scheme scholar scribe sense
    sentinel shiny shire slack snort spark spartan spectroscopy spring square squeegee
    storyline strata sunrise surf surfer swift switch tactic tanks teams titan travis tuba
    velvet ventura vista voyager windows winner word writer zoom
    back front online home time view plus live suite server studio center centre manager
    builder scheduler desktop mobile web net
    """
EXTRA_COMMON_WORDS: frozenset[str] = frozenset(_EXTRA_COMMON_TEXT.split())

GENERIC_SUFFIXES = (" software", " programming language")
SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "on", "a", "&"})


@dataclass
class Curated:
    """One curated skill: canonical name, category, alias lists and O*NET names absorbed."""

    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    onet: list[str] = field(default_factory=list)


def c(
    name: str,
    category: str,
    aliases: str = "",
    exact: str = "",
    context: str = "",
    onet: str = "",
) -> Curated:
    """Compact constructor: alias groups are '|'-separated strings to keep the table short."""

    def split(s: str) -> list[str]:
        return [p.strip() for p in s.split("|") if p.strip()]

    return Curated(name, category, split(aliases), split(exact), split(context), split(onet))


PL = "Object or component oriented development software"
WEB = "Web platform development software"
DB = "Data base management system software"
CLOUD = "Cloud computing and infrastructure"
DEVOPS = "Configuration management software"
DATA = "Data science and machine learning"
OFFICE = "Office suite software"
ENG = "Software engineering practices"

# Our own synonym table. Aliases are case-insensitive unless listed under exact/context.
CURATED: list[Curated] = [
    # --- programming languages -------------------------------------------------------
    c("Python", PL, "python|python3|python 3", onet="Python"),
    c(
        "Java",
        PL,
        "java|core java|java 8|java 11|java 17",
        onet="Oracle Java|Sun Microsystems Java",
    ),
    c("JavaScript", WEB, "javascript|js|ecmascript|es6|es2015|vanilla js", onet="JavaScript"),
    c("TypeScript", WEB, "typescript", exact="TS", onet="TypeScript"),
    c("Go", PL, "golang|go lang|go language|go programming language", context="Go", onet="Go"),
    c(
        "Rust",
        PL,
        "rust lang|rust programming language|rustlang",
        context="Rust",
        onet="Rust programming language",
    ),
    c("C", PL, "ansi c|c language|c programming|c programming language", context="C", onet="C"),
    c("C++", PL, "c++|cpp|c plus plus", onet="C++"),
    c("C#", PL, "c#|c sharp|csharp", onet="C#|Microsoft Visual C# .NET"),
    c("R", PL, "r programming|r language|rstudio|r studio", context="R", onet="R"),
    c("Swift", PL, "swift programming language|swiftui", context="Swift", onet="Swift"),
    c("Kotlin", PL, "kotlin", onet="Kotlin"),
    c("Ruby", PL, "ruby", onet="Ruby"),
    c("PHP", PL, "php", onet="PHP"),
    c("Scala", PL, "scala", onet="Scala"),
    c("Perl", PL, "perl", onet="Perl"),
    c("Bash", PL, "bash|bash scripting|shell scripting|shell scripts", onet="Bash"),
    c(
        "SQL",
        DB,
        "sql|structured query language|t-sql|tsql|pl/sql",
        onet="Structured query language SQL|Microsoft transact-structural query language T-SQL"
        "|Oracle PL/SQL",
    ),
    c("NoSQL", DB, "nosql|no-sql", onet="NoSQL"),
    c("HTML", WEB, "html|html5|hypertext markup language", onet="Hypertext markup language HTML"),
    c("CSS", WEB, "css|css3|cascading style sheets|sass|scss", onet="Cascading style sheets CSS"),
    c("MATLAB", "Analytical or scientific software", "matlab", onet="The MathWorks MATLAB"),
    c(
        "VBA",
        OFFICE,
        "vba|visual basic for applications|excel macros",
        onet="Microsoft Visual Basic for Applications VBA",
    ),
    # --- web frameworks --------------------------------------------------------------
    c("React", WEB, "react|react.js|reactjs|react js", onet="React"),
    c("React Native", WEB, "react native", onet="React Native"),
    c("Vue.js", WEB, "vue|vue.js|vuejs|vue js|vue 3", onet="Vue.js"),
    c("Angular", WEB, "angularjs|angular.js|angular 2+", context="Angular", onet="Google Angular"),
    c("Node.js", WEB, "node.js|nodejs|node js", exact="Node", onet="Node.js"),
    c("Express.js", WEB, "express.js|expressjs", context="Express"),
    c("Next.js", WEB, "next.js|nextjs"),
    c("Django", WEB, "django", onet="Django"),
    c("Django REST framework", WEB, "django rest framework|drf|django-rest-framework"),
    c("Flask", WEB, "flask", onet="Flask"),
    c("FastAPI", WEB, "fastapi|fast api"),
    c(
        "Spring",
        WEB,
        "spring framework|spring boot|springboot|spring mvc",
        context="Spring",
        onet="Spring Framework|Spring Boot",
    ),
    c("Ruby on Rails", WEB, "ruby on rails", exact="Rails", onet="Ruby on Rails"),
    c(
        ".NET",
        WEB,
        ".net|.net core|dotnet|asp.net|asp.net core",
        onet="Microsoft .NET Framework|Microsoft ASP.NET|Microsoft ASP.NET Core MVC",
    ),
    c(
        "REST APIs",
        ENG,
        "rest api|rest apis|restful|restful api|restful apis|restful services"
        "|rest services|rest web services",
        exact="REST",
    ),
    c("GraphQL", WEB, "graphql", onet="GraphQL"),
    c("Microservices", ENG, "microservices|microservice architecture|micro-services"),
    # --- data / ML -------------------------------------------------------------------
    c("Machine learning", DATA, "machine learning", exact="ML"),
    c("Deep learning", DATA, "deep learning"),
    c("Artificial intelligence", DATA, "artificial intelligence", exact="AI"),
    c("Natural language processing", DATA, "natural language processing", exact="NLP"),
    c("Computer vision", DATA, "computer vision"),
    c("Large language models", DATA, "large language models|large language model|llms|llm"),
    c("scikit-learn", DATA, "scikit-learn|scikit learn|sklearn|scikit", onet="Scikit-learn"),
    c("PyTorch", DATA, "pytorch", onet="PyTorch"),
    c("TensorFlow", DATA, "tensorflow|tensor flow", exact="TF", onet="TensorFlow"),
    c("Keras", DATA, "keras", onet="Keras"),
    c("pandas", DATA, "pandas", onet="pandas"),
    c("NumPy", DATA, "numpy", onet="NumPy"),
    c(
        "Jupyter",
        DATA,
        "jupyter|jupyter notebook|jupyter notebooks|jupyterlab",
        onet="Jupyter Notebook|Jupyter software",
    ),
    c(
        "Apache Spark",
        DATA,
        "pyspark|spark sql|apache spark|spark streaming",
        exact="Spark",
        onet="Apache Spark|PySpark",
    ),
    c("Apache Kafka", DATA, "kafka|apache kafka", onet="Apache Kafka"),
    c("Apache Airflow", DATA, "airflow|apache airflow", onet="Apache Airflow"),
    c("Hadoop", DATA, "hadoop|apache hadoop|hdfs", onet="Apache Hadoop"),
    c("Snowflake", DATA, "snowflake data cloud|snowflake db", context="Snowflake"),
    c("dbt", DATA, "dbt core|dbt cloud|data build tool", context="dbt"),
    c("Tableau", "Business intelligence and data analysis software", "tableau", onet="Tableau"),
    c(
        "Power BI",
        "Business intelligence and data analysis software",
        "power bi|powerbi|microsoft power bi|ms power bi",
        onet="Microsoft Power BI",
    ),
    c(
        "Looker",
        "Business intelligence and data analysis software",
        "looker|looker studio",
        onet="Google Looker Analytics",
    ),
    c("Data analysis", DATA, "data analysis|data analytics"),
    c("Data visualization", DATA, "data visualization|data visualisation"),
    c("Statistics", DATA, "statistical analysis|statistical modeling|statistical modelling"),
    c("ETL", DATA, "etl|elt|etl pipelines|data pipelines"),
    # --- databases -------------------------------------------------------------------
    c("PostgreSQL", DB, "postgresql|postgres|psql|postgre sql", onet="PostgreSQL"),
    c("MySQL", DB, "mysql", onet="MySQL"),
    c("MongoDB", DB, "mongodb|mongo", onet="MongoDB"),
    c("Redis", DB, "redis", onet="Redis"),
    c("Elasticsearch", DB, "elasticsearch|elastic search|opensearch", onet="Elasticsearch"),
    c(
        "SQL Server",
        DB,
        "sql server|mssql|ms sql|microsoft sql server",
        onet="Microsoft SQL Server",
    ),
    c(
        "Oracle Database",
        DB,
        "oracle database|oracle db|oracle 11g|oracle 12c|oracle 19c",
        onet="Oracle Database",
    ),
    c("SQLite", DB, "sqlite", onet="SQLite"),
    # --- cloud / devops --------------------------------------------------------------
    c("AWS", CLOUD, "aws|amazon web services", onet="Amazon Web Services AWS software"),
    c(
        "Google Cloud",
        CLOUD,
        "gcp|google cloud|google cloud platform",
        onet="Google Cloud software",
    ),
    c(
        "Azure",
        CLOUD,
        "microsoft azure|azure cloud|ms azure",
        exact="Azure",
        onet="Microsoft Azure software",
    ),
    c("Docker", DEVOPS, "docker|docker compose|docker-compose|dockerfile", onet="Docker"),
    c("Kubernetes", DEVOPS, "kubernetes|k8s|kubectl|helm charts", onet="Kubernetes"),
    c("Terraform", DEVOPS, "terraform|hashicorp terraform", onet="IBM Terraform"),
    c("Ansible", DEVOPS, "ansible|red hat ansible", onet="Ansible software|Red Hat Ansible Engine"),
    c("Chef", DEVOPS, "chef infra|opscode chef|chef automate", context="Chef", onet="Chef"),
    c("Puppet", DEVOPS, "puppet enterprise|puppet labs", context="Puppet", onet="Puppet"),
    c(
        "CI/CD",
        ENG,
        "ci/cd|ci cd|cicd|continuous integration|continuous delivery"
        "|continuous deployment|ci/cd pipelines",
    ),
    c("Jenkins", DEVOPS, "jenkins|jenkins ci", onet="Jenkins CI"),
    c("GitHub Actions", DEVOPS, "github actions"),
    c("Git", DEVOPS, "git|git version control", onet="Git"),
    c("GitHub", DEVOPS, "github", onet="GitHub"),
    c("GitLab", DEVOPS, "gitlab|gitlab ci", onet="GitLab"),
    c("Linux", "Operating system software", "linux|gnu/linux", onet="Linux"),
    c("Unix", "Operating system software", "unix", onet="UNIX"),
    c("Make", DEVOPS, "gnu make|makefile|makefiles|cmake", context="Make"),
    c("DevOps", ENG, "devops|dev ops"),
    c("Unit testing", ENG, "unit testing|unit tests|test-driven development|tdd|pytest|junit"),
    # --- office / business software --------------------------------------------------
    c(
        "Microsoft Excel",
        "Spreadsheet software",
        "ms excel|microsoft excel|excel spreadsheets|advanced excel|excel pivot tables",
        context="Excel",
        onet="Microsoft Excel",
    ),
    c(
        "Microsoft Word",
        "Word processing software",
        "ms word|microsoft word",
        context="Word",
        onet="Microsoft Word",
    ),
    c(
        "Microsoft Access",
        DB,
        "ms access|microsoft access",
        context="Access",
        onet="Microsoft Access",
    ),
    c(
        "Microsoft Office",
        OFFICE,
        "ms office|microsoft office|microsoft office suite|office 365|microsoft 365|o365",
        context="Office",
        onet="Microsoft Office software",
    ),
    c(
        "Microsoft PowerPoint",
        "Presentation software",
        "powerpoint|ms powerpoint|power point",
        onet="Microsoft PowerPoint",
    ),
    c(
        "Microsoft Outlook",
        "Electronic mail software",
        "ms outlook|microsoft outlook",
        context="Outlook",
        onet="Microsoft Outlook",
    ),
    c(
        "Microsoft Teams",
        "Video conferencing software",
        "microsoft teams|ms teams",
        onet="Microsoft Teams",
    ),
    c(
        "Microsoft Project",
        "Project management software",
        "ms project|microsoft project",
        onet="Microsoft Project",
    ),
    c("Slack", "Instant messaging software", "slack app", context="Slack", onet="Slack"),
    c(
        "Salesforce",
        "Customer relationship management CRM software",
        "salesforce|salesforce.com|salesforce crm|sfdc",
        onet="Salesforce software|Salesforce.com Salesforce CRM",
    ),
    c(
        "HubSpot",
        "Customer relationship management CRM software",
        "hubspot|hubspot crm",
        onet="HubSpot software",
    ),
    c(
        "SAP",
        "Enterprise resource planning ERP software",
        "sap erp|sap s/4hana|s/4hana",
        exact="SAP",
        onet="SAP software",
    ),
    c(
        "QuickBooks",
        "Accounting software",
        "quickbooks|quickbooks online|qbo",
        onet="Intuit QuickBooks",
    ),
    c("Xero", "Accounting software", "xero accounting", exact="Xero"),
    c(
        "NetSuite",
        "Enterprise resource planning ERP software",
        "netsuite|oracle netsuite",
        onet="Oracle NetSuite",
    ),
    c("Figma", "Graphics or photo imaging software", "figma", onet="Figma"),
    c("Sketch", "Graphics or photo imaging software", "sketch app|bohemian sketch"),
    c("Adobe XD", "Graphics or photo imaging software", "adobe xd"),
    c(
        "Jira",
        "Project management software",
        "jira|atlassian jira|jira software",
        onet="Atlassian JIRA",
    ),
    c(
        "Confluence",
        "Document management software",
        "atlassian confluence",
        context="Confluence",
        onet="Atlassian Confluence",
    ),
    c("Zendesk", "Customer relationship management CRM software", "zendesk"),
    c("Freshdesk", "Customer relationship management CRM software", "freshdesk"),
    c(
        "ServiceNow",
        "Customer relationship management CRM software",
        "servicenow",
        onet="ServiceNow",
    ),
    c("Workday", "Human resources software", "workday hcm|workday", onet="Workday software"),
    c("Google Ads", "Marketing", "google ads|google adwords|adwords", onet="Google Ads"),
    c(
        "Google Analytics",
        "Marketing",
        "google analytics|ga4|universal analytics",
        onet="Google Analytics",
    ),
    # --- nursing ---------------------------------------------------------------------
    c(
        "Patient assessment",
        "Nursing",
        "patient assessment|patient assessments"
        "|nursing assessment|nursing assessments|head-to-toe assessment",
    ),
    c("BLS", "Nursing", "basic life support|bls certification|bls certified", exact="BLS"),
    c("ACLS", "Nursing", "acls|advanced cardiac life support|advanced cardiovascular life support"),
    c("PALS", "Nursing", "pediatric advanced life support", exact="PALS"),
    c(
        "Electronic health records",
        "Nursing",
        "ehr|emr|electronic health records"
        "|electronic health record|electronic medical records|electronic medical record",
    ),
    c(
        "Epic",
        "Nursing",
        "epic systems|epic ehr|epic emr|epiccare|epic charting",
        context="Epic",
        onet="Epic Systems|Epic Systems software",
    ),
    c(
        "Cerner",
        "Nursing",
        "cerner|cerner millennium|cerner powerchart",
        onet="Cerner Millennium|Cerner PowerChart",
    ),
    c(
        "Medication administration",
        "Nursing",
        "medication administration|administering medications"
        "|medication management|med administration|administration of medications",
    ),
    c(
        "IV therapy",
        "Nursing",
        "iv therapy|intravenous therapy|iv insertion|iv cannulation"
        "|iv starts|peripheral iv|venipuncture|phlebotomy",
    ),
    c("Triage", "Nursing", "triage|patient triage|triaging"),
    c("Wound care", "Nursing", "wound care|wound management|wound dressing"),
    c("Care planning", "Nursing", "care planning|care plans|nursing care plans"),
    c("Infection control", "Nursing", "infection control|infection prevention"),
    c("Vital signs", "Nursing", "vital signs|vitals monitoring"),
    c("Patient education", "Nursing", "patient education|patient teaching"),
    c(
        "Cardiac monitoring",
        "Nursing",
        "cardiac monitoring|telemetry nursing|telemetry monitoring"
        "|ecg interpretation|ekg interpretation",
    ),
    # --- accounting ------------------------------------------------------------------
    c("GAAP", "Accounting", "us gaap|generally accepted accounting principles", exact="GAAP"),
    c("IFRS", "Accounting", "ifrs|international financial reporting standards"),
    c(
        "Audit",
        "Accounting",
        "audit|audits|auditing|internal audit|external audit|audit procedures",
    ),
    c(
        "Reconciliation",
        "Accounting",
        "reconciliation|reconciliations|account reconciliation"
        "|bank reconciliation|bank reconciliations|account reconciliations|reconciling accounts",
    ),
    c("Accounts payable", "Accounting", "accounts payable|a/p"),
    c("Accounts receivable", "Accounting", "accounts receivable|a/r"),
    c("Payroll", "Accounting", "payroll|payroll processing|payroll administration"),
    c("Tax preparation", "Accounting", "tax preparation|tax returns|tax compliance|tax filing"),
    c(
        "Financial reporting",
        "Accounting",
        "financial reporting|financial statements|month-end close|month end close|year-end close",
    ),
    c("Budgeting", "Accounting", "budgeting|budget management|financial forecasting"),
    c(
        "Financial analysis",
        "Accounting",
        "financial analysis|financial modeling|financial modelling|variance analysis",
    ),
    c("General ledger", "Accounting", "general ledger|gl accounting|journal entries"),
    c("Bookkeeping", "Accounting", "bookkeeping|book-keeping"),
    # --- marketing -------------------------------------------------------------------
    c("SEO", "Marketing", "seo|search engine optimization|search engine optimisation"),
    c("SEM", "Marketing", "search engine marketing|paid search|ppc|pay-per-click", exact="SEM"),
    c("Content strategy", "Marketing", "content strategy|content marketing|content creation"),
    c("Email marketing", "Marketing", "email marketing|e-mail marketing|email campaigns"),
    c("Social media marketing", "Marketing", "social media marketing|social media management"),
    c("Marketing automation", "Marketing", "marketing automation"),
    c("Copywriting", "Marketing", "copywriting|copy writing"),
    c("A/B testing", "Marketing", "a/b testing|a/b tests|split testing"),
    c("Mailchimp", "Marketing", "mailchimp", onet="MailChimp"),
    c("Marketo", "Marketing", "marketo", onet="Marketo Marketing Automation"),
    c("Hootsuite", "Marketing", "hootsuite", onet="Hootsuite"),
    c("Canva", "Marketing", "canva", onet="Canva"),
    # --- sales -----------------------------------------------------------------------
    c("CRM", "Sales", "crm|customer relationship management|crm software"),
    c("Lead generation", "Sales", "lead generation|lead gen|prospecting"),
    c("Negotiation", "Sales", "negotiation|negotiations|negotiating|contract negotiation"),
    c("B2B sales", "Sales", "b2b sales|business-to-business sales"),
    c("B2C sales", "Sales", "b2c sales|business-to-consumer sales"),
    c("Account management", "Sales", "account management|key account management"),
    c("Cold calling", "Sales", "cold calling|cold calls"),
    c("Pipeline management", "Sales", "pipeline management|sales pipeline"),
    c("Business development", "Sales", "business development"),
    c("Sales forecasting", "Sales", "sales forecasting"),
    # --- UX --------------------------------------------------------------------------
    c("User research", "UX design", "user research|ux research|user interviews"),
    c("Wireframing", "UX design", "wireframing|wireframes|wireframe"),
    c("Prototyping", "UX design", "prototyping|prototypes|rapid prototyping"),
    c("Usability testing", "UX design", "usability testing|usability tests|user testing"),
    c("Interaction design", "UX design", "interaction design"),
    c("Information architecture", "UX design", "information architecture"),
    c(
        "User experience design",
        "UX design",
        "ux design|user experience design|ux/ui|ui/ux|ui design|user interface design",
    ),
    c("Design systems", "UX design", "design systems|design system"),
    c("Accessibility", "UX design", "accessibility|wcag|a11y"),
    # --- teaching --------------------------------------------------------------------
    c(
        "Curriculum design",
        "Teaching",
        "curriculum design|curriculum development|curriculum planning",
    ),
    c(
        "Classroom management",
        "Teaching",
        "classroom management|behaviour management|behavior management",
    ),
    c("Lesson planning", "Teaching", "lesson planning|lesson plans|lesson plan"),
    c("Differentiated instruction", "Teaching", "differentiated instruction"),
    c(
        "Student assessment",
        "Teaching",
        "student assessment|formative assessment|summative assessment",
    ),
    c(
        "Special education",
        "Teaching",
        "special education|special educational needs",
        exact="SEN|IEP|IEPs",
    ),
    c("Google Classroom", "Teaching", "google classroom", onet="Google Classroom"),
    c("Moodle", "Teaching", "moodle", onet="Moodle"),
    c("Canvas LMS", "Teaching", "canvas lms|instructure canvas", onet="Instructure Canvas"),
    # --- mechanical ------------------------------------------------------------------
    c(
        "CAD",
        "Mechanical engineering",
        "computer-aided design|computer aided design|cad/cam",
        exact="CAD",
        onet="Computer aided design CAD software",
    ),
    c(
        "SolidWorks",
        "Mechanical engineering",
        "solidworks|solid works",
        onet="Dassault Systemes SolidWorks",
    ),
    c("AutoCAD", "Mechanical engineering", "autocad|auto cad", onet="Autodesk AutoCAD"),
    c("FEA", "Mechanical engineering", "fea|finite element analysis|finite element method"),
    c("GD&T", "Mechanical engineering", "gd&t|gdt|geometric dimensioning and tolerancing"),
    c("CATIA", "Mechanical engineering", "catia", onet="Dassault Systemes CATIA|IBM CATIA"),
    c("ANSYS", "Mechanical engineering", "ansys", onet="ANSYS simulation software"),
    c("Autodesk Inventor", "Mechanical engineering", "autodesk inventor", onet="Autodesk Inventor"),
    c(
        "PTC Creo",
        "Mechanical engineering",
        "creo|ptc creo|creo parametric",
        onet="PTC Creo Parametric",
    ),
    c(
        "CFD",
        "Mechanical engineering",
        "computational fluid dynamics",
        exact="CFD",
        onet="Computational fluid dynamics CFD software",
    ),
    c("Root cause analysis", "Mechanical engineering", "root cause analysis|rca|8d"),
    c(
        "Lean manufacturing",
        "Mechanical engineering",
        "lean manufacturing|six sigma|lean six sigma|kaizen",
    ),
    # --- HR --------------------------------------------------------------------------
    c(
        "Recruiting",
        "Human resources",
        "recruiting|recruitment|talent acquisition|candidate sourcing"
        "|full-cycle recruiting|full cycle recruiting",
    ),
    c("Onboarding", "Human resources", "onboarding|on-boarding|employee onboarding"),
    c("Employee relations", "Human resources", "employee relations"),
    c(
        "HRIS",
        "Human resources",
        "hris|human resource information system|human resources information system",
        onet="Human resource information system (HRIS)",
    ),
    c("Performance management", "Human resources", "performance management|performance reviews"),
    c(
        "Compensation and benefits",
        "Human resources",
        "compensation and benefits|benefits administration|compensation management",
    ),
    c("Employment law", "Human resources", "employment law|labor law|labour law"),
    c("BambooHR", "Human resources", "bamboohr|bamboo hr"),
    # --- project management ----------------------------------------------------------
    c(
        "Agile",
        "Project management",
        "agile|agile methodologies|agile methodology|agile development",
    ),
    c("Scrum", "Project management", "scrum|scrum master"),
    c("Kanban", "Project management", "kanban"),
    c(
        "Stakeholder management",
        "Project management",
        "stakeholder management|stakeholder engagement|stakeholder communication",
    ),
    c("Risk management", "Project management", "risk management|risk assessment"),
    c("Project management", "Project management", "project management|project planning"),
    c("PMP", "Project management", "project management professional", exact="PMP"),
    c("PRINCE2", "Project management", "prince2"),
    c("Waterfall", "Project management", "waterfall methodology|waterfall"),
    c("Asana", "Project management", "asana", onet="Asana"),
    c("Trello", "Project management", "trello"),
    # --- support ---------------------------------------------------------------------
    c(
        "Ticketing systems",
        "Customer support",
        "ticketing|ticketing systems|ticketing system|help desk ticketing",
    ),
    c(
        "Customer service",
        "Customer support",
        "customer service|customer support|client service|customer care",
    ),
    c("Troubleshooting", "Customer support", "troubleshooting|technical troubleshooting"),
    c("Intercom", "Customer support", "intercom", exact="Intercom"),
    # --- general professional skills -------------------------------------------------
    c(
        "Communication",
        "Professional skills",
        "communication skills|written communication|verbal communication",
    ),
    c(
        "Team leadership",
        "Professional skills",
        "team leadership|people management|team management",
    ),
    c("Problem solving", "Professional skills", "problem solving|problem-solving"),
]


# --- reading O*NET ---------------------------------------------------------------------


@dataclass
class OnetTech:
    """Aggregated rows of one O*NET technology name."""

    name: str
    categories: Counter[str] = field(default_factory=Counter)
    hot: bool = False


def read_onet(onet_dir: Path) -> tuple[dict[str, OnetTech], set[str]]:
    """Return technologies by name and the common-English lexicon derived from O*NET."""
    techs: dict[str, OnetTech] = {}
    with open(onet_dir / "Technology Skills.txt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = " ".join(row["Example"].split())
            tech = techs.setdefault(name, OnetTech(name))
            tech.categories[row["Commodity Title"].strip()] += 1
            tech.hot = tech.hot or row["Hot Technology"].strip() == "Y"
    lexicon: set[str] = set(EXTRA_COMMON_WORDS)
    word = re.compile(r"\b[a-z][a-z'-]+\b")  # lower-case only: capitalised words may be names
    with open(onet_dir / "Occupation Data.txt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            lexicon.update(word.findall(row["Description"]))
    for name in techs:
        # Lower-case words inside multi-word names are generic ("Cost accounting software");
        # a one-word lower-case name ("webpack", "netstat") is a product, not English.
        if " " in name:
            lexicon.update(word.findall(name))
    return techs, lexicon


# --- alias derivation ------------------------------------------------------------------


def alias_key(alias: str) -> str:
    """Case- and space-insensitive key used to detect alias collisions."""
    return " ".join(alias.lower().split())


def strip_generic(name: str) -> tuple[str, str | None]:
    """Drop generic suffixes and a trailing "(ACRONYM)"; return (core, acronym or None)."""
    core = name
    acronym: str | None = None
    m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Z0-9]{1,7})\)(.*)", core)
    if m and not m.group(3).strip(" software"):
        core, acronym = m.group(1), m.group(2)
    changed = True
    while changed:
        changed = False
        for suffix in GENERIC_SUFFIXES:
            if core.lower().endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
                changed = True
    return core.strip(), acronym


def initials_match(words: list[str], acronym: str) -> bool:
    """True when the acronym's letters are the initials of ``words`` (small words optional)."""
    letters = acronym.lower()
    options: list[list[str]] = []
    for w in words:
        parts = [p for p in re.split(r"[-/]", w) if p]
        heads = [p[0].lower() for p in parts]
        # A hyphenated word may contribute one initial ("Three-dimensional" -> T) or one per
        # part (-> TD); small words may be skipped ("Analysis and Visualization" -> AV).
        choices = {heads[0], "".join(heads)}
        if w.lower() in SMALL_WORDS:
            choices.add("")
        options.append(sorted(choices))

    def walk(i: int, pos: int) -> bool:
        if i == len(options):
            return pos == len(letters)
        return any(letters.startswith(ch, pos) and walk(i + 1, pos + len(ch)) for ch in options[i])

    return walk(0, 0)


def split_acronym(core: str) -> tuple[str, str] | None:
    """ "Amazon Web Services AWS" -> ("Amazon Web Services", "AWS") when initials agree."""
    tokens = core.split()
    if len(tokens) < 2 or not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", tokens[-1]):
        return None
    acronym = tokens[-1]
    for k in range(1, len(tokens)):
        words = tokens[-1 - k : -1]
        if initials_match(words, acronym):
            return " ".join(tokens[:-1]), acronym
    return None


def vendor_prefixes(names: list[str]) -> Counter[str]:
    """Count how many distinct names start with each 1-4 capitalised-word prefix."""
    counts: Counter[str] = Counter()
    for name in names:
        tokens = strip_generic(name)[0].split()
        for k in range(1, min(4, len(tokens) - 1) + 1):
            prefix = tokens[:k]
            if all(t[:1].isupper() or t[:1].isdigit() for t in prefix):
                counts[" ".join(prefix)] += 1
    return counts


def is_vendor_prefix(tokens: list[str], k: int, prefixes: Counter[str]) -> bool:
    """True when ``tokens[:k]`` is a whole vendor name shared by at least two O*NET names.

    "Sun" is not a vendor boundary when every "Sun ..." name is "Sun Microsystems ...":
    the prefix must be followed by different words in different names, otherwise stripping
    it leaves a fragment such as "Microsystems Java".
    """
    prefix = " ".join(tokens[:k])
    extended = " ".join(tokens[: k + 1])
    return prefixes[prefix] >= 2 and prefixes[extended] < prefixes[prefix]


_INFLECTIONS = ("s", "es", "d", "ed", "r", "er", "ing", "est", "ly")


def is_common_word(word: str, lexicon: set[str]) -> bool:
    """True when ``word`` or its stem (fastest -> fast, scheduler -> schedule) is English."""
    w = word.lower()
    if w in lexicon:
        return True
    return any(
        w.endswith(suffix) and len(w) - len(suffix) >= 3 and w[: -len(suffix)] in lexicon
        for suffix in _INFLECTIONS
    )


def is_common(words: list[str], lexicon: set[str]) -> bool:
    """True when every word is ordinary English according to ``lexicon``."""
    return all(is_common_word(w, lexicon) for w in words)


@dataclass
class Derived:
    """Aliases for one O*NET name, by mode."""

    aliases: set[str] = field(default_factory=set)  # lower-cased, case-insensitive
    exact: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    derived_keys: set[str] = field(default_factory=set)  # keys that may collide/drop


def derive(name: str, prefixes: Counter[str], lexicon: set[str], hot: bool = False) -> Derived:
    """Compute the aliases of one O*NET technology name (see module docstring)."""
    out = Derived()
    core, paren_acronym = strip_generic(name)
    full_tokens = name.split()
    core_tokens = core.split()

    # The full name (and the name without its generic suffix) always match, unless it is a
    # single short or common word, which then needs a skills context.
    if len(full_tokens) == 1 and (len(name) <= 2 or is_common(full_tokens, lexicon)):
        out.context.add(name)
    else:
        out.aliases.add(alias_key(name))
    # Without its generic suffix the name must still be distinctive on its own: "Teradata
    # software" -> "teradata", but "Accounting software" must not become "accounting".
    if core != name and not (
        len(core) <= 2 or (len(core_tokens) <= 2 and is_common(core_tokens, lexicon))
    ):
        out.aliases.add(alias_key(core))

    candidates: list[tuple[str, bool]] = []  # (alias, is_acronym)
    if paren_acronym:
        candidates.append((paren_acronym, True))
    split = split_acronym(core)
    if split:
        phrase, acronym = split
        candidates += [(phrase, False), (acronym, True)]
    for base in sorted({core, split[0] if split else core}):
        tokens = base.split()
        for k in range(1, min(3, len(tokens) - 1) + 1):
            rest = tokens[k:]
            # The remainder must start like a product name ("JIRA", "3D Studio"), and not
            # with an ordinary word ("Web Services AWS SageMaker" is a fragment, not a name).
            starts_like_name = rest[0][:1].isupper() or rest[0][:1].isdigit()
            if (
                is_vendor_prefix(tokens, k, prefixes)
                and starts_like_name
                and not (len(rest) > 1 and is_common(rest[:1], lexicon))
            ):
                candidates.append((" ".join(rest), False))

    for alias, is_acronym in candidates:
        tokens = alias.split()
        key = alias_key(alias)
        if key in out.aliases or len(alias) <= 2 or alias.isdigit():
            continue
        if len(tokens) == 1 and is_common(tokens, lexicon):
            continue  # "Microsoft Project" -> "project": not distinctive on its own
        if len(tokens) == 2 and is_common(tokens, lexicon):
            continue  # "Amazon Web Services" -> "web services"
        if len(alias) <= 3 and not hot:
            continue  # three-letter names/acronyms are heavily overloaded ("ACA", "CMA", "PTS")
        if is_acronym:
            out.exact.add(alias)
        else:
            out.aliases.add(key)
        out.derived_keys.add(key)
    return out


# --- assembling the vocabulary ---------------------------------------------------------


@dataclass
class Skill:
    """One skill in the output file."""

    name: str
    category: str
    hot: bool = False
    aliases: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)


def build(onet_dir: Path) -> dict[str, object]:
    """Build the vocabulary document (a JSON-serialisable dict)."""
    techs, lexicon = read_onet(onet_dir)
    names = sorted(techs)
    prefixes = vendor_prefixes(names)
    derived = {n: derive(n, prefixes, lexicon, techs[n].hot) for n in names}

    skills: dict[str, Skill] = {}
    curated_keys: dict[str, str] = {}  # alias key -> curated canonical
    for cur in CURATED:
        if cur.name in skills:
            raise ValueError(f"duplicate curated skill {cur.name!r}")
        skill = Skill(
            cur.name,
            cur.category,
            aliases={alias_key(a) for a in cur.aliases},
            exact=set(cur.exact),
            context=set(cur.context),
        )
        skills[cur.name] = skill
        for key in skill.aliases | {alias_key(a) for a in skill.exact | skill.context}:
            if curated_keys.setdefault(key, cur.name) != cur.name:
                raise ValueError(f"alias {key!r} used by {curated_keys[key]} and {cur.name}")

    # Absorb O*NET names into curated skills: explicitly listed ones, plus any O*NET name
    # whose full name or a surviving derived alias is already a curated alias.
    absorbed: dict[str, str] = {}
    for cur in CURATED:
        for onet_name in cur.onet:
            if onet_name not in techs:
                logger.warning("curated %s: O*NET name %r not found", cur.name, onet_name)
                continue
            absorbed[onet_name] = cur.name
    curated_ci = {alias_key(a): cur.name for cur in CURATED for a in cur.aliases}
    curated_cs = {a: cur.name for cur in CURATED for a in cur.exact + cur.context}
    for n in names:
        if n in absorbed:
            continue
        # Case-sensitive forms only absorb on identical spelling: the O*NET acronym "EPIC"
        # (Erosion Productivity Impact Calculator) is not the EHR vendor "Epic".
        hits = sorted(curated_ci[k] for k in derived[n].aliases if k in curated_ci)
        hits += sorted(curated_cs[f] for f in derived[n].exact if f in curated_cs)
        if hits:
            absorbed[n] = hits[0]

    for n, target in sorted(absorbed.items()):
        skill = skills[target]
        tech = techs[n]
        skill.hot = skill.hot or tech.hot
        # Only add aliases that do not weaken the curated case rules ("Go" stays context).
        for key in derived[n].aliases:
            if key not in curated_keys:
                skill.aliases.add(key)
        for form in derived[n].exact:
            if alias_key(form) not in curated_keys:
                skill.exact.add(form)

    # Remaining O*NET names: drop derived aliases claimed by several names.
    claims: Counter[str] = Counter()
    for n in names:
        if n not in absorbed:
            claims.update(derived[n].derived_keys)
    full_keys = {alias_key(n) for n in names} | {alias_key(strip_generic(n)[0]) for n in names}
    for n in names:
        if n in absorbed:
            continue
        d = derived[n]
        drop = {
            k
            for k in d.derived_keys
            if claims[k] > 1
            or k in full_keys
            and k not in {alias_key(n), alias_key(strip_generic(n)[0])}
        }
        skills[n] = Skill(
            n,
            techs[n].categories.most_common(1)[0][0],
            techs[n].hot,
            aliases={a for a in d.aliases if a not in drop and a not in curated_keys},
            exact={e for e in d.exact if alias_key(e) not in drop | curated_keys.keys()},
            context={x for x in d.context if alias_key(x) not in curated_keys},
        )

    # Curated skills with no O*NET category keep their own; categories become an index list.
    ordered = sorted(skills.values(), key=lambda s: s.name.lower())
    categories = sorted({s.category for s in ordered})
    cat_index = {cat: i for i, cat in enumerate(categories)}
    records: list[dict[str, object]] = []
    for s in ordered:
        rec: dict[str, object] = {"name": s.name, "cat": cat_index[s.category]}
        if s.hot:
            rec["hot"] = 1
        # The lower-cased name is implied as an alias unless flagged otherwise, to keep the
        # file small: most O*NET names have no other alias.
        aliases = set(s.aliases)
        if alias_key(s.name) in aliases:
            aliases.discard(alias_key(s.name))
        else:
            rec["noname"] = 1
        if aliases:
            rec["a"] = sorted(aliases)
        if s.exact:
            rec["x"] = sorted(s.exact)
        if s.context:
            rec["ctx"] = sorted(s.context)
        records.append(rec)
    return {
        "format": 1,
        "attribution": ATTRIBUTION,
        "source": "O*NET 29.2 Technology Skills (technology names, Commodity Title, Hot "
        "Technology) plus Screener's curated synonyms; built by scripts/build_skill_vocab.py",
        "fields": {
            "name": "canonical display name",
            "cat": "index into categories",
            "hot": "1 when O*NET marks it a Hot Technology",
            "noname": "1 when the lower-cased name itself is NOT a case-insensitive alias",
            "a": "extra case-insensitive aliases (lower-case)",
            "x": "case-sensitive aliases (exact spelling)",
            "ctx": "case-sensitive aliases matched only in a skills context",
        },
        "categories": categories,
        "skills": records,
    }


def dump(doc: dict[str, object], out: Path) -> None:
    """Write compact JSON with one skill per line, so diffs of the committed file are small."""
    skills = doc["skills"]
    assert isinstance(skills, list)
    head = {k: v for k, v in doc.items() if k != "skills"}
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in skills]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    text += ',\n "skills": [\n' + ",\n".join(lines) + "\n ]\n}\n"
    json.loads(text)  # guard: the hand-assembled document must stay valid JSON
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", type=Path, default=DEFAULT_ONET)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    doc = build(args.onet)
    dump(doc, args.out)
    skills = doc["skills"]
    assert isinstance(skills, list)
    n_alias = sum(
        len(r.get("a", [])) + len(r.get("x", [])) + len(r.get("ctx", [])) + (not r.get("noname"))
        for r in skills
    )
    print(
        f"wrote {args.out} : {len(skills)} skills, {n_alias} aliases, "
        f"{args.out.stat().st_size / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
