/*
 * Virtual dispatch through C++ vtables that the compiler emits with STB_WEAK
 * binding, as in Zephyr's tests/subsys/llext weak_vtable_ext.cpp. A class whose
 * virtual functions are all defined inside the class body has no key function
 * (Itanium C++ ABI), so every translation unit using it emits its vtable as a
 * weak definition (_ZTV5Shape, _ZTV6Square). The loader must put such defined
 * weak symbols in the extension's symbol table and resolve relocations
 * against them like global ones.
 *
 * Built with -fno-rtti -fno-exceptions as Zephyr builds C++ extensions, so the
 * vtables hold no typeinfo pointers.
 */
#include "llext_sample.h"

/* GCC's deleting destructor of a polymorphic class calls the sized operator
 * delete even though nothing here deletes; the image does not export it. */
void operator delete(void *, size_t) noexcept {}

class Shape {
public:
	virtual int sides() const { return 0; }
	virtual ~Shape() {}
};

class Square : public Shape {
public:
	int sides() const override { return 4; }
};

/* Kept out of line so that the compiler cannot see the dynamic type. */
__attribute__((noinline)) static int count(const Shape *s)
{
	return s->sides();
}

extern "C" void test_entry(void)
{
	Square sq;
	Shape plain;

	printk("square: %d sides, shape: %d sides\n", count(&sq), count(&plain));
}
EXPORT_SYMBOL(test_entry);
