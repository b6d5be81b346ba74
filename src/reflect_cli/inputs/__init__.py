"""Inputs: the files people write for reflect (a framework, answers, participants) and the
careful YAML reader they and the log's front matter share."""
