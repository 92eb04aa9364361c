from redactor.cli import main

main()
