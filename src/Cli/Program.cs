return Ledger.Cli.LedgerCommand.Run(args);
