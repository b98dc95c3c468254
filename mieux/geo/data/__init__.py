"""Reference data shipped with mieux: regions, ODA eligibility, groupings, country names."""
