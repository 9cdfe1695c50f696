import SMMUv3
print(Layouts.ste.fields.count)
