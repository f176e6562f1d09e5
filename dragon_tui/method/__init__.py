"""The selling method's rules, one rule family per module; no UI code."""
