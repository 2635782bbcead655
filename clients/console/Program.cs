using Rehearse.Console.Cli;

return await RehearseApp.RunAsync(args);
