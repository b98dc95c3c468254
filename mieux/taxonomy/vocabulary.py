"""The facility's own vocabularies, with stable codes.

Codes never change once published (the API and exports use them); names may be improved.
Sources: DESIGN.md §2 and docs/reference/mieux-domain.md §7-9 (the "Specific area" codes).
Each entry: code -> {"en": ..., "es": ..., "pt": ..., "fr": ...}.

Spanish and Portuguese follow the usage of Latin American institutions (the facility's LAC
partners): "capacitación", "trata de personas" / "tráfico de seres humanos", Brazilian spelling.
The facility regions live in `mieux.geo.data.regions`: geography belongs to `geo`, which may not
import `taxonomy`.
"""

# Pillars of the EU Global Approach to Migration and Mobility plus Horizontal Interventions,
# each followed by its specific areas. Order here is display order.
THEMATIC_AREAS: dict[str, dict[str, dict[str, str]]] = {
    "IMT": {
        "IMT": {
            "en": "Irregular Migration and Trafficking in Human Beings",
            "es": "Migración irregular y trata de personas",
            "pt": "Migração irregular e tráfico de seres humanos",
            "fr": "Migration irrégulière et traite des êtres humains",
        },
        "IMT-IRR": {
            "en": "Irregular Migration",
            "es": "Migración irregular",
            "pt": "Migração irregular",
            "fr": "Migration irrégulière",
        },
        "IMT-THB": {
            "en": "Trafficking in Human Beings",
            "es": "Trata de personas",
            "pt": "Tráfico de seres humanos",
            "fr": "Traite des êtres humains",
        },
        "IMT-SOM": {
            "en": "Migrant Smuggling",
            "es": "Tráfico ilícito de migrantes",
            "pt": "Contrabando de migrantes",
            "fr": "Trafic illicite de migrants",
        },
        "IMT-BMS": {
            "en": "Border Management and Security",
            "es": "Gestión y seguridad de fronteras",
            "pt": "Gestão e segurança de fronteiras",
            "fr": "Gestion et sécurité des frontières",
        },
        "IMT-DOC": {
            "en": "Document Security",
            "es": "Seguridad documental",
            "pt": "Segurança documental",
            "fr": "Sécurité des documents",
        },
        "IMT-RR": {
            "en": "Return and Readmission",
            "es": "Retorno y readmisión",
            "pt": "Retorno e readmissão",
            "fr": "Retour et réadmission",
        },
    },
    "LM": {
        "LM": {
            "en": "Legal Migration and Mobility",
            "es": "Migración legal y movilidad",
            "pt": "Migração legal e mobilidade",
            "fr": "Migration légale et mobilité",
        },
        "LM-LAB": {
            "en": "Labour Migration",
            "es": "Migración laboral",
            "pt": "Migração laboral",
            "fr": "Migration de main-d'œuvre",
        },
        "LM-INT": {
            "en": "Integration",
            "es": "Integración",
            "pt": "Integração",
            "fr": "Intégration",
        },
    },
    "IP": {
        "IP": {
            "en": "International Protection and Asylum",
            "es": "Protección internacional y asilo",
            "pt": "Proteção internacional e asilo",
            "fr": "Protection internationale et asile",
        },
        "IP-ASY": {
            "en": "International Protection and Asylum Policy",
            "es": "Política de protección internacional y asilo",
            "pt": "Política de proteção internacional e asilo",
            "fr": "Politique de protection internationale et d'asile",
        },
    },
    "MD": {
        "MD": {
            "en": "Migration and Development",
            "es": "Migración y desarrollo",
            "pt": "Migração e desenvolvimento",
            "fr": "Migration et développement",
        },
        "MD-MAD": {
            "en": "Migration and Development Policy",
            "es": "Política de migración y desarrollo",
            "pt": "Política de migração e desenvolvimento",
            "fr": "Politique de migration et développement",
        },
        "MD-DIA": {
            "en": "Diaspora Affairs",
            "es": "Asuntos de la diáspora",
            "pt": "Assuntos da diáspora",
            "fr": "Affaires de la diaspora",
        },
        "MD-REM": {
            "en": "Remittances",
            "es": "Remesas",
            "pt": "Remessas",
            "fr": "Transferts de fonds",
        },
    },
    "HO": {
        "HO": {
            "en": "Horizontal Interventions",
            "es": "Intervenciones horizontales",
            "pt": "Intervenções horizontais",
            "fr": "Interventions horizontales",
        },
        "HO-CAP": {
            "en": "Capacity Development and Training",
            "es": "Fortalecimiento de capacidades y capacitación",
            "pt": "Fortalecimento de capacidades e capacitação",
            "fr": "Renforcement des capacités et formation",
        },
        "HO-POL": {
            "en": "Migration Policy/Strategy Development",
            "es": "Elaboración de políticas y estrategias migratorias",
            "pt": "Elaboração de políticas e estratégias migratórias",
            "fr": "Élaboration de politiques et de stratégies migratoires",
        },
        "HO-LEG": {
            "en": "Migration Legislation",
            "es": "Legislación migratoria",
            "pt": "Legislação migratória",
            "fr": "Législation migratoire",
        },
        "HO-DATA": {
            "en": "Migration Data",
            "es": "Datos migratorios",
            "pt": "Dados migratórios",
            "fr": "Données migratoires",
        },
        "HO-COM": {
            "en": "Public Relations/Communication/Information",
            "es": "Relaciones públicas, comunicación e información",
            "pt": "Relações públicas, comunicação e informação",
            "fr": "Relations publiques, communication et information",
        },
        "HO-CON": {
            "en": "Consular Affairs",
            "es": "Asuntos consulares",
            "pt": "Assuntos consulares",
            "fr": "Affaires consulaires",
        },
        "HO-HEA": {
            "en": "Migration and Health",
            "es": "Migración y salud",
            "pt": "Migração e saúde",
            "fr": "Migration et santé",
        },
        "HO-CHI": {
            "en": "Children in Migration / Unaccompanied Minors",
            "es": "Niñez migrante / menores no acompañados",
            "pt": "Crianças migrantes / menores desacompanhados",
            "fr": "Enfants en migration / mineurs non accompagnés",
        },
        "HO-HR": {
            "en": "Human Rights",
            "es": "Derechos humanos",
            "pt": "Direitos humanos",
            "fr": "Droits de l'homme",
        },
        "HO-CLI": {
            "en": "Climate Change and Environmental Degradation",
            "es": "Cambio climático y degradación ambiental",
            "pt": "Mudança do clima e degradação ambiental",
            "fr": "Changement climatique et dégradation de l'environnement",
        },
    },
}

ACTIVITY_TYPES: dict[str, dict[str, str]] = {
    "assessment_mission": {
        "en": "Assessment mission",
        "es": "Misión de evaluación",
        "pt": "Missão de avaliação",
        "fr": "Mission d'évaluation",
    },
    "expert_mission": {
        "en": "Expert mission",
        "es": "Misión de expertos",
        "pt": "Missão de especialistas",
        "fr": "Mission d'experts",
    },
    "workshop": {"en": "Workshop", "es": "Taller", "pt": "Oficina", "fr": "Atelier"},
    "training": {"en": "Training", "es": "Capacitación", "pt": "Capacitação", "fr": "Formation"},
    "study_visit": {
        "en": "Study visit",
        "es": "Visita de estudio",
        "pt": "Visita de estudo",
        "fr": "Visite d'étude",
    },
    "seminar": {
        "en": "Seminar or conference",
        "es": "Seminario o conferencia",
        "pt": "Seminário ou conferência",
        "fr": "Séminaire ou conférence",
    },
    "drafting_support": {
        "en": "Drafting support",
        "es": "Apoyo a la redacción",
        "pt": "Apoio à redação",
        "fr": "Appui à la rédaction",
    },
    "peer_review": {
        "en": "Peer review",
        "es": "Revisión entre pares",
        "pt": "Revisão por pares",
        "fr": "Examen par les pairs",
    },
    "online_session": {
        "en": "Online session",
        "es": "Sesión en línea",
        "pt": "Sessão on-line",
        "fr": "Session en ligne",
    },
}

# How many days each activity type usually lasts, as (shortest, longest), for plans drafted before
# anyone knows the real dates: an expert mission takes a working week at most, a study visit needs
# travel days around its meetings, a closing seminar is a day or two.
ACTIVITY_TYPE_DAYS: dict[str, tuple[int, int]] = {
    "assessment_mission": (3, 5),
    "expert_mission": (3, 5),
    "workshop": (2, 3),
    "training": (3, 5),
    "study_visit": (4, 5),
    "seminar": (1, 2),
    "drafting_support": (3, 5),
    "peer_review": (2, 3),
    "online_session": (1, 1),
}

OUTPUT_TYPES: dict[str, dict[str, str]] = {
    "handbook": {
        "en": "Handbook or manual",
        "es": "Manual o guía",
        "pt": "Manual ou guia",
        "fr": "Manuel ou guide",
    },
    "guidelines": {
        "en": "Guidelines",
        "es": "Directrices",
        "pt": "Diretrizes",
        "fr": "Lignes directrices",
    },
    "training_curriculum": {
        "en": "Training curriculum",
        "es": "Currículo de capacitación",
        "pt": "Currículo de capacitação",
        "fr": "Programme de formation",
    },
    "national_plan": {
        "en": "National plan or strategy",
        "es": "Plan o estrategia nacional",
        "pt": "Plano ou estratégia nacional",
        "fr": "Plan ou stratégie nationale",
    },
    "policy": {"en": "Policy", "es": "Política", "pt": "Política", "fr": "Politique"},
    "protocol": {"en": "Protocol", "es": "Protocolo", "pt": "Protocolo", "fr": "Protocole"},
    "draft_law": {
        "en": "Draft law",
        "es": "Proyecto de ley",
        "pt": "Projeto de lei",
        "fr": "Projet de loi",
    },
    "sops": {
        "en": "Standard operating procedures",
        "es": "Procedimientos operativos estándar",
        "pt": "Procedimentos operacionais padrão",
        "fr": "Procédures opérationnelles standard",
    },
    "study": {
        "en": "Study or report",
        "es": "Estudio o informe",
        "pt": "Estudo ou relatório",
        "fr": "Étude ou rapport",
    },
    "roadmap": {"en": "Roadmap", "es": "Hoja de ruta", "pt": "Roteiro", "fr": "Feuille de route"},
    "communication_material": {
        "en": "Communication material",
        "es": "Material de comunicación",
        "pt": "Material de comunicação",
        "fr": "Supports de communication",
    },
}
