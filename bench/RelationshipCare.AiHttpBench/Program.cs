using RelationshipCare.AiHttpBench;

// dotnet RelationshipCare.AiHttpBench.dll fake --port 5222 [--stream-delay-ms 50]
// dotnet RelationshipCare.AiHttpBench.dll streams --url http://127.0.0.1:5221/v1/chat/completions --key KEY --count 1000
return args.FirstOrDefault() switch
{
    "fake" => await FakeProvider.RunAsync(Arguments.Parse(args[1..])),
    "streams" => await StreamClient.RunAsync(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: fake --port N [--stream-delay-ms N] | streams --url URL --key KEY [--count N] [--timeout-s N]");
    return 2;
}
