namespace FlashBench.Reporting.Paper;

/// <summary>Where the reference numbers come from; every table or chart that shows them names this.</summary>
public static class PaperSource
{
    public const string Citation = "Alizadeh et al., \"LLM in a flash\", arXiv 2312.11514 v3 (ACL 2024)";
    public const string Short = "arXiv 2312.11514 v3";
}
