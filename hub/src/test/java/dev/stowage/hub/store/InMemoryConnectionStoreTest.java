package dev.stowage.hub.store;

/** The contract on the in-memory store; a second "hub" is the same instance. */
class InMemoryConnectionStoreTest extends ConnectionStoreContract {

  @Override
  protected ConnectionStore newStore() {
    return new InMemoryConnectionStore();
  }

  @Override
  protected boolean persistent() {
    return false;
  }
}
