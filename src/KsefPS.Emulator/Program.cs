using System.Text.Json.Serialization;
using KsefPS.Emulator;
using KsefPS.Emulator.Auth;
using KsefPS.Emulator.Infrastructure;
using KsefPS.Emulator.Invoices;
using KsefPS.Emulator.Security;
using KsefPS.Emulator.Tokens;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
}
var options = builder.Configuration.GetSection("Emulator").Get<EmulatorOptions>() ?? new EmulatorOptions();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<AuthState>();
builder.Services.AddSingleton<KsefPS.Emulator.Status.LatarniaState>();
builder.Services.AddSingleton<KsefPS.Emulator.Status.SessionLimits>();
builder.Services.AddSingleton<KsefPS.Emulator.Permissions.PermissionState>();
builder.Services.AddSingleton<Jwt>();
builder.Services.AddSingleton<MfCertificates>();
builder.Services.AddSingleton<FaultInjection>();
builder.Services.AddSingleton<RateLimiter>();
builder.Services.AddSingleton<KsefPS.Emulator.Certificates.TestCertificationAuthority>();
builder.Services.AddSingleton<KsefPS.Emulator.Certificates.CertificateState>();
builder.Services.AddSingleton<SessionState>();
builder.Services.AddSingleton<InvoiceRepository>();
builder.Services.AddSingleton<InvoiceVerifier>();
builder.Services.AddSingleton<StorageLinks>();
builder.Services.AddSingleton<KsefPS.Emulator.Peppol.PeppolRegistry>();
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.PropertyNameCaseInsensitive = true;
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});

var app = builder.Build();
var faults = app.Services.GetRequiredService<FaultInjection>();
var limiter = app.Services.GetRequiredService<RateLimiter>();
app.Use((context, next) => faults.InvokeAsync(context, _ => next()));
var latarnia = app.Services.GetRequiredService<KsefPS.Emulator.Status.LatarniaState>();
app.Use((context, next) => KsefPS.Emulator.Status.LatarniaEndpoints.WhileDown(latarnia, context, next));
app.Use((context, next) => limiter.InvokeAsync(context, _ => next()));
var jwt = app.Services.GetRequiredService<Jwt>();
app.Use((context, next) => IpPolicy.Enforce(context, _ => next(), jwt));
app.Use((context, next) => UnreadableRequests.InvokeAsync(context, _ => next()));

AuthEndpoints.Map(app);
TokenEndpoints.Map(app);
KsefPS.Emulator.Certificates.CertificateEndpoints.Map(app);
KsefPS.Emulator.Qr.QrVerificationEndpoints.Map(app);
SessionEndpoints.Map(app);
BatchEndpoints.Map(app);
SessionListEndpoint.Map(app);
InvoiceQueryEndpoints.Map(app);
ExportEndpoints.Map(app);
SeedEndpoint.Map(app);
TestDataEndpoints.Map(app);
KsefPS.Emulator.Permissions.GrantEndpoints.Map(app);
KsefPS.Emulator.Permissions.PermissionQueryEndpoints.Map(app);
ControlEndpoints.Map(app);
KsefPS.Emulator.Status.LatarniaEndpoints.Map(app);
KsefPS.Emulator.Status.LimitEndpoints.Map(app);
RateLimitEndpoints.Map(app);
KsefPS.Emulator.Peppol.PeppolEndpoints.Map(app);

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
// Tests and the demo read this line to learn the port the emulator bound.
Console.WriteLine($"KSeF emulator listening on {address}");
await app.WaitForShutdownAsync();
