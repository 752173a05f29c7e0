using System.Text.Json;

namespace StreamDiffusion.Broadcast.Tests.Install;

/// <summary>One step of a plan computed by install.ps1.</summary>
/// <param name="Kind">What the step does (CreateService, SeedFile ...).</param>
/// <param name="Description">The sentence printed for the operator.</param>
/// <param name="Details">The exact values the executor uses.</param>
public sealed record PlanStep(string Kind, string Description, JsonElement Details)
{
    /// <summary>Reads a step from the driver's JSON.</summary>
    public static PlanStep From(JsonElement step) =>
        new(step.GetProperty("Kind").GetString()!, step.GetProperty("Description").GetString()!, step.GetProperty("Details").Clone());

    /// <summary>A string detail, or null when absent.</summary>
    public string? Text(string name) => Details.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The native commands of the step (each a program and its arguments).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Commands =>
        Details.TryGetProperty("Commands", out var commands)
            ? [.. commands.EnumerateArray().Select(c => (IReadOnlyList<string>)[.. c.EnumerateArray().Select(a => a.GetString()!)])]
            : [];
}
