import ArgumentParser

/// The options every training command shares: the written weights' type, resuming, threads, quiet.
struct TrainingRunOptions: ParsableArguments {
    @OptionGroup var storage: WeightStorageOption
    @Flag(help: "Continue from the output directory's checkpoint if it exists.") var resume = false
    @OptionGroup var threads: ThreadsOption
    @Flag(help: "Print nothing but errors.") var quiet = false
}
