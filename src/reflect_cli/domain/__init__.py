"""The domain: what a framework, a session and a meeting are, and the rules over them. Pure:
no prompts, no printing, no files."""
