using PortalRelease.Cli;

return await PortalCli.RunAsync(args, CliConsole.System());
