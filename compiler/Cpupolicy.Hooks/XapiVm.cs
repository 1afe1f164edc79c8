namespace Cpupolicy.Hooks;

/// <summary>A VM as <c>xe vm-list params=uuid,name-label</c> lists it.</summary>
public sealed record XapiVm(string Uuid, string NameLabel);
