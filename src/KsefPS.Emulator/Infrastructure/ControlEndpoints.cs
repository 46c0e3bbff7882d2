namespace KsefPS.Emulator.Infrastructure;

/// <summary>/emulator/*: not KSeF. Lets a test inject faults and count what the emulator received.</summary>
public sealed class ControlEndpoints(FaultInjection faults)
{
    public static void Map(WebApplication app)
    {
        var endpoints = ActivatorUtilities.CreateInstance<ControlEndpoints>(app.Services);
        app.MapPost("/emulator/faults", endpoints.AddFault);
        app.MapDelete("/emulator/faults", endpoints.ClearFaults);
        app.MapGet("/emulator/requests", endpoints.Requests);
    }

    private IResult AddFault(FaultRule rule)
    {
        faults.Add(rule);
        return Results.NoContent();
    }

    private IResult ClearFaults()
    {
        faults.Clear();
        return Results.NoContent();
    }

    private IResult Requests() =>
        Results.Json(faults.Received);
}
