from sectorplan.cli.main import main

main()
