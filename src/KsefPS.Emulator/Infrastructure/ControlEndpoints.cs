namespace KsefPS.Emulator.Infrastructure;

/// <summary>/emulator/*: not KSeF. Lets a test inject faults and count what the emulator received.</summary>
public static class ControlEndpoints
{
    public static void Map(WebApplication app)
    {
        var faults = app.Services.GetRequiredService<FaultInjection>();
        app.MapPost("/emulator/faults", (FaultRule rule) =>
        {
            faults.Add(rule);
            return Results.NoContent();
        });
        app.MapDelete("/emulator/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        app.MapGet("/emulator/requests", () => Results.Json(faults.Received));
    }
}
