namespace KsefPS.Core.Store;
