from egovkpi.launch import main

main()
