from cli.main import script

script()
