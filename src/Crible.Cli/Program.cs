// Placeholder entry point so the solution builds until the command line lands.
return 0;
