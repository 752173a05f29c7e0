namespace StreamDiffusion.Broadcast.Cli;

/// <summary>The attribution shown wherever NDI is named to a user (NDI SDK licence, ../shared/docs/research/ndi.md §2).</summary>
internal static class NdiAttribution
{
    /// <summary>Trademark notice and link.</summary>
    public const string Text = "NDI® is a registered trademark of Vizrt NDI AB (https://ndi.video/).";
}
