"""People, categories and tags of the Meridian House sample site."""

AUTHORS = {
    "priya-raman": (3, "Priya Raman", "Priya Raman is Meridian House&#8217;s arts editor. She writes on contemporary art, publishing and performance across South and East Asia."),
    "thomas-achterberg": (4, "Thomas Achterberg", "Thomas leads the Business Insights team, covering trade, investment and supply chains between the UK and Asia."),
    "aiko-matsuda": (5, "Aiko Matsuda", "Aiko Matsuda is a programme curator and writer based between London and Kyoto."),
    "samira-haddad": (6, "Samira Haddad", "Samira Haddad is head of policy research, focusing on energy, the Gulf and Asia."),
    "daniel-okafor": (7, "Daniel Okafor", ""),
}

# slug → (id, name as stored, i.e. already HTML-escaped the way WordPress keeps it)
CATEGORIES = {
    "arts": (5, "Arts &amp; Culture"),
    "business": (6, "Business"),
    "policy": (7, "Policy"),
    "news": (8, "News"),
    "china": (12, "China"),
    "japan": (13, "Japan"),
    "india": (14, "India"),
    "korea": (15, "Korea"),
    "southeast-asia": (16, "Southeast Asia"),
    "gulf": (17, "Gulf &amp; Middle East"),
}

TAGS = {
    "calligraphy": 31, "trade": 32, "ceramics": 33, "energy": 34, "books": 35,
    "forum": 36, "design": 37, "supply-chains": 38, "fellowships": 39,
    "archives": 40, "minerals": 41, "season": 42, "digital": 43,
}
