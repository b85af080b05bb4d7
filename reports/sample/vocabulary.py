"""The words the sample is made of: names, industries, topics, comments. Data only."""

from __future__ import annotations

INDUSTRIES = (
    "Software",
    "Financial services",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Logistics",
    "Education",
    "Media",
    "Energy",
    "Public sector",
)
REGIONS = ("North America", "EMEA", "APAC", "LATAM")
REGION_WEIGHTS = (5, 3, 2, 1)

COMPANY_WORDS = (
    "Acme",
    "Northwind",
    "Contoso",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Cyberdyne",
    "Hooli",
    "Vandelay",
    "Wonka",
    "Soylent",
    "Tyrell",
    "Massive",
    "Pied Piper",
    "Gringotts",
    "Oscorp",
    "Aperture",
    "Black Mesa",
    "Blue Harbor",
    "Silverline",
    "Red Rock",
    "Evergreen",
    "Summit",
    "Pinecrest",
    "Clearwater",
    "Ironwood",
    "Brightpath",
    "Stonebridge",
)
COMPANY_SUFFIXES = (
    "Systems",
    "Labs",
    "Group",
    "Holdings",
    "Partners",
    "Industries",
    "Health",
    "Foods",
    "Logistics",
    "Media",
    "Energy",
    "Bank",
    "Insurance",
    "Retail",
    "Robotics",
    "Software",
    "Networks",
    "Studios",
    "Capital",
    "Works",
)

FIRST_NAMES = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Yara",
    "Zoë",
    "José",
)
LAST_NAMES = (
    "Okafor",
    "Schmidt",
    "Nakamura",
    "Silva",
    "Kowalski",
    "Haddad",
    "Larsen",
    "Moreau",
    "Patel",
    "Rossi",
    "Novak",
    "Brennan",
    "Costa",
    "Fischer",
    "Ahmed",
    "Lindqvist",
    "García",
    "O'Neill",
)

DEPARTMENTS = ("IT", "Operations", "Finance", "Sales", "Marketing", "HR", "Engineering", "Customer Service")
TITLES = {
    "c_level": ("Chief Operating Officer", "Chief Information Officer", "Chief Financial Officer"),
    "vp": ("VP Operations", "VP Engineering", "VP Finance", "VP Sales"),
    "director": ("Director of Operations", "Director of IT", "Head of Analytics"),
    "manager": ("Team Manager", "Operations Manager", "IT Manager"),
    "individual": ("Analyst", "Administrator", "Specialist"),
}

# The department a title belongs to (a COO in Operations, not in Marketing); other titles take any.
DEPARTMENT_OF_TITLE = {
    "Chief Operating Officer": "Operations",
    "Chief Information Officer": "IT",
    "Chief Financial Officer": "Finance",
    "VP Operations": "Operations",
    "VP Engineering": "Engineering",
    "VP Finance": "Finance",
    "VP Sales": "Sales",
    "Director of Operations": "Operations",
    "Director of IT": "IT",
    "Operations Manager": "Operations",
    "IT Manager": "IT",
}

# What a QBR agrees to do next (its notes: "Next steps: a, b.").
QBR_NEXT_STEPS = (
    "roll out the dashboards to the finance team",
    "schedule admin training for new users",
    "agree the success metrics for next quarter",
    "review seat usage with the sponsor",
    "connect the CRM integration",
    "prepare the case for the renewal",
    "introduce our VP to the new COO",
    "pilot the API with the data team",
)

COMPETITORS = ("Vantage", "Clarion", "Northstar CS")
LOSS_REASONS = ("Price", "Low adoption", "Champion left", "Budget cut", "Moved to a competitor", "Acquired")
OPEN_STAGES = ("discovery", "proposal", "negotiation")

TICKET_TOPICS = (
    "login",
    "billing",
    "integrations",
    "reporting",
    "performance",
    "permissions",
    "data import",
    "mobile app",
    "api",
    "notifications",
)
TICKET_TYPES = ("question", "incident", "problem", "task")
TICKET_CHANNELS = ("email", "web", "chat", "phone")

NPS_COMMENTS = {
    "promoter": (
        "The reporting saves my team hours every week.",
        "Great support, fast answers.",
        "Rolled out to three more teams, everyone likes it.",
        'Our board now asks for the "Tenure view" by name.',
    ),
    "passive": (
        "Does the job; the admin screens could be simpler.",
        "Good product, onboarding took long.",
        "Fine, but the mobile app lags behind the web app.",
    ),
    "detractor": (
        "Too many outages lately.",
        "Support takes days to answer urgent tickets.",
        "We are evaluating alternatives.",
        "Since our project lead left, nobody here owns the tool.",
    ),
}

VALUE_PLAN_ITEMS = (
    # objective, tactic, success metric, unit, baseline, target
    ("Cut month-end close time", "Automate reconciliations", "Days to close", "days", 12, 6),
    (
        "Raise self-service adoption",
        "Roll out dashboards to managers",
        "Weekly active managers",
        "users",
        20,
        80,
    ),
    ("Reduce support backlog", "Train admins on workflows", "Open tickets", "tickets", 60, 20),
    ("Faster onboarding of new hires", "Templates for team setup", "Days to productive", "days", 30, 10),
    ("Consolidate tools", "Retire legacy reporting", "Legacy reports", "reports", 40, 0),
    ("Grow renewal forecast accuracy", "Weekly pipeline review in the tool", "Forecast error", "%", 25, 10),
)

REFERENCE_NEXT_STEPS = {
    "amber": ("Ask for a quote", "Share the draft for approval", "Find a date with their VP"),
    "red": ("Declined for now; ask again after renewal", "Legal review pending"),
    "green": ("", "Thank them with an advisory-board seat"),
}
