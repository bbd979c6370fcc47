using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/RelationshipCare.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(RelationshipCare.Benchmarks.MediatorPipelineBenchmarks).Assembly).Run(args);
