from egovkpi.cli import main

main()
