namespace FlashBench.Core.Adapters;

/// <summary>The task adapters of Apple's June 2024 post ("summarization, proofreading, mail replies, tone adjustment, query
/// handling, friendliness, urgency"), one LoRA adapter each.</summary>
public static class AdapterTasks
{
    public static IReadOnlyList<string> All { get; } =
        ["summarise", "proofread", "mail-reply", "tone", "query-handling", "friendliness", "urgency"];
}
